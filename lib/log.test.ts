import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "./log";

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(...chunk.toString().trim().split("\n"));
      done();
    },
  });
  return { lines, stream };
}

describe("structured logging", () => {
  it("writes one JSON object per line with level, name and message", () => {
    const { lines, stream } = capture();
    createLogger("test", "info", stream).info({ tenantId: "t1" }, "synced\nwith a newline");
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]!);
    expect(entry).toMatchObject({ name: "test", level: 30, msg: "synced\nwith a newline", tenantId: "t1" });
  });

  it("redacts secrets wherever they sit", () => {
    const { lines, stream } = capture();
    createLogger("test", "info", stream).info(
      {
        refresh_token: "rt-secret",
        client: { clientSecret: "cs-secret", headers: { authorization: "Bearer at-secret" } },
        request: { body: { password: "pw-secret" } },
      },
      "token acquired",
    );
    const text = lines.join("\n");
    for (const secret of ["rt-secret", "cs-secret", "at-secret", "pw-secret"]) expect(text).not.toContain(secret);
    expect(text).toContain("[redacted]");
  });
});
