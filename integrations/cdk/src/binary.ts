// Which edgelint binary the plugin runs: the `binary` option, else
// EDGELINT_BINARY, else the binary of the `edgelint` npm package, found the
// way its own launcher finds it (the platform package npm installed).

/** The npm package `edgelint` exports how it finds its binary. */
interface EdgelintPackage {
  binaryPath(): string;
}

/** No binary could be found; the message says what to install or set. */
export class BinaryNotFound extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BinaryNotFound";
  }
}

/**
 * The edgelint binary to run. `searchFrom` are the directories the
 * `edgelint` package is looked for from (the app's, then this package's).
 */
export function findBinary(option: string | undefined, searchFrom: string[]): string {
  if (option) {
    return option;
  }
  if (process.env.EDGELINT_BINARY) {
    return process.env.EDGELINT_BINARY;
  }
  let packagePath: string;
  try {
    packagePath = require.resolve("edgelint", { paths: searchFrom });
  } catch {
    throw new BinaryNotFound(
      "the edgelint package is not installed: `npm install --save-dev edgelint`, " +
        "or name a binary with the `binary` option or EDGELINT_BINARY",
    );
  }
  const edgelint = require(packagePath) as Partial<EdgelintPackage>;
  if (typeof edgelint.binaryPath !== "function") {
    throw new BinaryNotFound(`${packagePath} does not say where its binary is; install edgelint 0.1.0 or later`);
  }
  try {
    return edgelint.binaryPath();
  } catch (error) {
    throw new BinaryNotFound((error as Error).message);
  }
}
