// The property path at a line and column of a synthesized template, so a
// finding located by edgelint (file, line, column) can be named the way
// CDK's validation report names a place in a resource:
// `Properties.DistributionConfig.Origins.0.CustomOriginConfig`. CDK matches
// that path against the property assignments it recorded on the construct.
// Synthesized templates are always JSON, so only JSON is read here.

/** A key of an object or an index of an array. */
export type PathSegment = string | number;

class Malformed extends Error {}

const SCALAR = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;

/**
 * The keys and indexes leading to the innermost value of the JSON `text`
 * that spans the 1-based `line` and `column` (columns count characters, as
 * edgelint's report does); a position on an object's key belongs to that
 * key's value. Undefined when `text` is not JSON or the position lies
 * outside every value.
 */
export function jsonPathAt(text: string, line: number, column: number): PathSegment[] | undefined {
  const offset = offsetOf(text, line, column);
  if (offset === undefined) {
    return undefined;
  }
  const walker = new Walker(text, offset);
  try {
    walker.value([]);
    walker.skipWhitespace();
    if (walker.pos !== text.length) {
      return undefined;
    }
  } catch (error) {
    if (error instanceof Malformed) {
      return undefined;
    }
    throw error;
  }
  return walker.found;
}

/** The UTF-16 offset of a 1-based line and character column. */
function offsetOf(text: string, line: number, column: number): number | undefined {
  let pos = 0;
  for (let l = 1; l < line; l++) {
    const newline = text.indexOf("\n", pos);
    if (newline < 0) {
      return undefined;
    }
    pos = newline + 1;
  }
  for (let c = 1; c < column; c++) {
    if (pos >= text.length || text[pos] === "\n") {
      return undefined;
    }
    // a character outside the Basic Multilingual Plane is two UTF-16 units
    pos += (text.codePointAt(pos) ?? 0) > 0xffff ? 2 : 1;
  }
  return pos;
}

class Walker {
  pos = 0;
  found: PathSegment[] | undefined;

  constructor(
    private readonly text: string,
    private readonly target: number,
  ) {}

  skipWhitespace(): void {
    while (this.pos < this.text.length && " \t\r\n".includes(this.text[this.pos])) {
      this.pos++;
    }
  }

  // Paths that contain the target nest, so the longest one seen is the
  // innermost value.
  private note(path: PathSegment[], start: number, end: number): void {
    if (start <= this.target && this.target < end && (this.found === undefined || path.length > this.found.length)) {
      this.found = path.slice();
    }
  }

  private expect(char: string): void {
    if (this.text[this.pos] !== char) {
      throw new Malformed();
    }
    this.pos++;
  }

  value(path: PathSegment[]): void {
    this.skipWhitespace();
    const start = this.pos;
    switch (this.text[this.pos]) {
      case "{":
        this.object(path);
        break;
      case "[":
        this.array(path);
        break;
      case '"':
        this.string();
        break;
      default:
        this.scalar();
    }
    this.note(path, start, this.pos);
  }

  private object(path: PathSegment[]): void {
    this.expect("{");
    this.members("}", () => {
      this.skipWhitespace();
      const keyStart = this.pos;
      path.push(this.string());
      this.note(path, keyStart, this.pos);
      this.skipWhitespace();
      this.expect(":");
      this.value(path);
      path.pop();
    });
  }

  private array(path: PathSegment[]): void {
    this.expect("[");
    this.members("]", (index) => {
      path.push(index);
      this.value(path);
      path.pop();
    });
  }

  /** The comma-separated members of an object or array, up to `close`. */
  private members(close: string, member: (index: number) => void): void {
    this.skipWhitespace();
    if (this.text[this.pos] === close) {
      this.pos++;
      return;
    }
    for (let index = 0; ; index++) {
      member(index);
      this.skipWhitespace();
      if (this.text[this.pos] !== ",") {
        this.expect(close);
        return;
      }
      this.pos++;
    }
  }

  private string(): string {
    const start = this.pos;
    this.expect('"');
    for (;;) {
      const char = this.text[this.pos];
      if (char === undefined) {
        throw new Malformed();
      }
      this.pos += char === "\\" ? 2 : 1;
      if (char === '"') {
        break;
      }
    }
    try {
      return JSON.parse(this.text.slice(start, this.pos)) as string;
    } catch {
      throw new Malformed();
    }
  }

  private scalar(): void {
    SCALAR.lastIndex = this.pos;
    if (!SCALAR.test(this.text)) {
      throw new Malformed();
    }
    this.pos = SCALAR.lastIndex;
  }
}

/**
 * How CDK's report names a place in a template: the path below the
 * resource (`Properties.DistributionConfig.Origins.0`) when the path leads
 * into resource `logicalId`, else the whole path (`Outputs.Url`).
 */
export function locationOf(path: PathSegment[], logicalId: string | undefined): string {
  const inResource = path.length >= 2 && path[0] === "Resources" && path[1] === logicalId;
  return (inResource ? path.slice(2) : path).join(".");
}
