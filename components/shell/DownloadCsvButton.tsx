"use client";
// "Download CSV (N things)": the download of every row a server-paged list matches (issue 19), not
// the page the grid holds. A plain link: the browser saves the streamed file as it arrives.
import FileDownloadOutlined from "@mui/icons-material/FileDownloadOutlined";
import Button from "@mui/material/Button";

export function DownloadCsvButton({ href, count, one, many }: { href: string; count: number; one: string; many: string }) {
  return (
    <Button
      size="small"
      startIcon={<FileDownloadOutlined />}
      href={href}
      download
      disabled={count === 0}
      sx={{ flexShrink: 0, alignSelf: { xs: "flex-start", sm: "center" } }}
    >
      Download CSV ({count} {count === 1 ? one : many})
    </Button>
  );
}
