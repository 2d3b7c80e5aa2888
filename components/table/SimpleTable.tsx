// The portal's plain tables (destinations, deliveries, groups, people, proof of access, users): a
// small MUI table with its header, named for screen readers. A wide one scrolls inside its own box on
// a phone, not the page (issue 20).
import Paper from "@mui/material/Paper";
import Table from "@mui/material/Table";
import TableBody from "@mui/material/TableBody";
import TableCell from "@mui/material/TableCell";
import TableContainer from "@mui/material/TableContainer";
import TableHead from "@mui/material/TableHead";
import TableRow from "@mui/material/TableRow";
import type { ReactNode } from "react";

/** A header cell: its words ("" for a column of buttons), right-aligned for numbers and actions. */
export type Column = string | { label: string; align: "right" };

export function SimpleTable({ label, columns, paper = false, children }: { label: string; columns: readonly Column[]; paper?: boolean; children: ReactNode }) {
  return (
    <TableContainer component={paper ? Paper : "div"}>
      <Table size="small" aria-label={label}>
        <TableHead>
          <TableRow>
            {columns.map((c, i) => {
              const { label: words, align } = typeof c === "string" ? { label: c, align: undefined } : c;
              return (
                <TableCell key={i} align={align}>
                  {words || null}
                </TableCell>
              );
            })}
          </TableRow>
        </TableHead>
        <TableBody>{children}</TableBody>
      </Table>
    </TableContainer>
  );
}
