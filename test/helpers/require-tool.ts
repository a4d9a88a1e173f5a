/**
 * requireTool is how a suite that needs an external program (Chromium, Java, varnishd, nginx) learns whether it
 * can run: false when the program is installed, else the reason to pass as `describe`'s skip. Under CI=true a
 * missing program throws instead, naming it and its Debian package, because CI installs them all (.ci/run) and
 * a broken feature must fail, not skip. A local skip is announced on stderr too, so it cannot pass unnoticed.
 */
export function requireTool(name: string, found: boolean, aptPackage: string): string | false {
  if (found) return false;
  const reason = `${name} is not installed, so the tests that need it cannot run; install it with \`apt-get install ${aptPackage}\``;
  if (process.env.CI === 'true') throw new Error(`${reason} (CI=true: a missing ${name} is a failure, not a skip)`);
  console.error(`\n*** SKIPPED: ${reason} ***\n`);
  return reason;
}
