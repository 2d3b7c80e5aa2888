// Preloaded (`node --require`) into every process the launcher starts, including ones that are not
// our code (`next start`). A launcher killed with SIGKILL cannot stop its children, so each child
// notices that its parent is gone and stops itself: first politely, then for sure.
const parent = process.ppid;
const timer = setInterval(() => {
  if (process.ppid === parent) return;
  clearInterval(timer);
  process.kill(process.pid, "SIGTERM");
  setTimeout(() => process.exit(1), 10000).unref();
}, 1000);
timer.unref();
