"use client";
// Choosing the automation service account: search the partner's users by name or UPN, choose one.
// Admins only (it decides which account every later step protects); others see the choice.
import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Card from "@mui/material/Card";
import CardContent from "@mui/material/CardContent";
import List from "@mui/material/List";
import ListItem from "@mui/material/ListItem";
import ListItemText from "@mui/material/ListItemText";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { chooseAutomationServiceAccount, searchServiceAccountCandidates } from "@/app/partner/actions";
import { unwrap } from "@/components/data/fetch";
import { useInvalidatePartner } from "@/components/data/queries";

export function ServiceAccountPicker({ account, canChoose }: { account: { id: string; upn: string } | null; canChoose: boolean }) {
  const invalidate = useInvalidatePartner();
  const [query, setQuery] = useState("");
  const search = useMutation({ mutationFn: (q: string) => unwrap(searchServiceAccountCandidates({ query: q })) });
  const choose = useMutation({
    mutationFn: (user: { id: string; upn: string }) => unwrap(chooseAutomationServiceAccount(user)),
    onSuccess: () => search.reset(),
    onSettled: () => invalidate(),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (query.trim()) search.mutate(query.trim());
  };
  return (
    <Card data-testid="service-account">
      <CardContent>
        <Stack spacing={1.5}>
          <Typography variant="h6" component="h2">
            Automation service account
          </Typography>
          <Typography data-testid="chosen-account">
            {account ? (
              <>
                Chosen: <strong>{account.upn}</strong>
              </>
            ) : (
              "No service account is chosen yet."
            )}
          </Typography>
          {canChoose ? (
            <>
              <Stack component="form" direction="row" spacing={1} onSubmit={submit} role="search">
                <TextField
                  size="small"
                  label="Search the partner's users by name or UPN"
                  value={query}
                  onChange={(e) => setQuery(e.target.value)}
                  sx={{ flexGrow: 1, maxWidth: 480 }}
                  slotProps={{ htmlInput: { maxLength: 100 } }}
                />
                <Button type="submit" variant="outlined" disabled={!query.trim() || search.isPending}>
                  Search
                </Button>
              </Stack>
              {search.error ? <Alert severity="error">{search.error.message}</Alert> : null}
              {choose.error ? <Alert severity="error">{choose.error.message}</Alert> : null}
              {search.data ? (
                search.data.length === 0 ? (
                  <Typography color="text.secondary">No user&apos;s name or UPN starts with that.</Typography>
                ) : (
                  <List dense aria-label="Matching users" sx={{ maxWidth: 640 }}>
                    {search.data.map((u) => (
                      <ListItem
                        key={u.id}
                        divider
                        secondaryAction={
                          <Button
                            size="small"
                            disabled={choose.isPending || account?.id === u.id.toLowerCase()}
                            aria-label={`Choose ${u.userPrincipalName}`}
                            onClick={() => choose.mutate({ id: u.id, upn: u.userPrincipalName })}
                          >
                            {account?.id === u.id.toLowerCase() ? "Chosen" : "Choose"}
                          </Button>
                        }
                      >
                        <ListItemText primary={u.displayName || u.userPrincipalName} secondary={u.userPrincipalName} />
                      </ListItem>
                    ))}
                  </List>
                )
              ) : null}
            </>
          ) : null}
        </Stack>
      </CardContent>
    </Card>
  );
}
