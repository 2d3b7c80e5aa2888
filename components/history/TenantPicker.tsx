"use client";
// The history filter's tenant, found by typing its name: a fleet of 10,000 tenants cannot be one
// menu (every name in the page's HTML). The server searches (GET /api/tenants, 25 at a time, within
// the person's scope); the choice travels in the form as a hidden `tenant` field.
import Autocomplete from "@mui/material/Autocomplete";
import TextField from "@mui/material/TextField";
import { useState } from "react";
import { useTenantSearch } from "@/components/data/queries";

export interface TenantOption {
  id: string;
  displayName: string;
}

export function TenantPicker({ name, known, initial }: { name: string; known: readonly TenantOption[]; initial: TenantOption | null }) {
  const [value, setValue] = useState<TenantOption | null>(initial);
  const [input, setInput] = useState("");
  const search = useTenantSearch(input === value?.displayName ? "" : input);
  const found = (search.data?.rows ?? []).map((t) => ({ id: t.id, displayName: t.displayName }));
  // The tenants known without a search (the MSP's own) come first; then what the search found.
  const options = [...known, ...found.filter((t) => !known.some((k) => k.id === t.id))];
  return (
    <>
      <Autocomplete
        size="small"
        sx={{ minWidth: 240 }}
        options={options}
        value={value}
        onChange={(_e, next) => setValue(next)}
        inputValue={input}
        onInputChange={(_e, next) => setInput(next)}
        // The server filtered already (name, domain or id): the browser shows what it answered.
        filterOptions={(o) => o}
        getOptionLabel={(o) => o.displayName}
        isOptionEqualToValue={(a, b) => a.id === b.id}
        loading={search.isFetching}
        noOptionsText={input.trim() ? "No tenant matches" : "Type a tenant's name"}
        renderInput={(params) => <TextField {...params} label="Tenant" placeholder="All tenants" />}
      />
      <input type="hidden" name={name} value={value?.id ?? ""} />
    </>
  );
}
