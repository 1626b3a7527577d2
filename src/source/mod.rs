//! Source files and positions.
//!
//! Everything a user sees as a position is 1-based line and column, columns
//! counting characters (not bytes). Internally spans are byte ranges into the
//! file's text; conversion happens only when a position is shown.

pub mod read;
mod span;

pub use span::Span;

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// A path as reports show it. A file name need not be UTF-8 on Unix;
/// `Path::display` would turn each byte that is not into U+FFFD, so two
/// names could show the same and neither could be found again. Such a
/// byte is shown as `\xHH` instead (upper-case hex); a UTF-8 path is shown
/// as it is.
pub fn path_name(path: &Path) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt as _;
        let bytes = path.as_os_str().as_bytes();
        // A UTF-8 name is copied as it is (`Path::display` would run it
        // through a lossy decoder, a thousand instructions a name).
        if let Ok(name) = std::str::from_utf8(bytes) {
            return name.to_owned();
        }
        let mut name = String::with_capacity(bytes.len() + 8);
        for chunk in bytes.utf8_chunks() {
            name.push_str(chunk.valid());
            for byte in chunk.invalid() {
                name.push_str(&format!("\\x{byte:02X}"));
            }
        }
        name
    }
    #[cfg(not(unix))]
    path.display().to_string()
}

/// A path as the same file or directory whatever it was named by
/// (`./a.yaml`, `a.yaml`, through a symbolic link): canonical when it
/// exists, as given when it does not; the empty path is the working
/// directory.
pub fn canonical(path: &Path) -> PathBuf {
    let path = if path.as_os_str().is_empty() {
        Path::new(".")
    } else {
        path
    };
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}

/// Identifies a file inside one [`SourceMap`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

/// A span in a specific file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Loc {
    pub file: FileId,
    pub span: Span,
}

impl Loc {
    pub fn new(file: FileId, span: Span) -> Loc {
        Loc { file, span }
    }
}

/// A 1-based line and column (columns count characters).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// One input file: its path as the user gave it, and its text — all of
/// it, or for an excerpt ([`SourceFile::excerpt`]) the lines a report
/// shows. Spans and lines stay those of the whole file either way.
#[derive(Debug)]
pub struct SourceFile {
    path: PathBuf,
    /// Borrowed for the text built into the binary (the rules), which a
    /// run would otherwise copy, half a megabyte, before reading any input.
    text: Cow<'static, str>,
    /// Where `text` starts in the file: its byte offset and 0-based line
    /// (both 0 unless this is an excerpt).
    base: usize,
    first_line: usize,
    /// Whether `text` is only some lines of the file.
    excerpt: bool,
    line_starts: OnceLock<Vec<usize>>,
    char_marks: OnceLock<CharMarks>,
}

/// How many characters come before a byte offset, in constant time: a
/// column is not found by counting from the line's start, which on a
/// minified file (one line) made every position cost the whole file.
#[derive(Debug)]
enum CharMarks {
    /// Every character is one byte.
    Ascii,
    /// (byte offset, characters before it) every `CHAR_MARK_STRIDE` bytes
    /// or so, at character boundaries.
    Marks(Vec<(usize, usize)>),
}

const CHAR_MARK_STRIDE: usize = 1024;

impl SourceFile {
    pub fn new(path: impl Into<PathBuf>, text: impl Into<String>) -> SourceFile {
        SourceFile::part(path.into(), Cow::Owned(text.into()), 0, 0, false)
    }

    /// A file of text the binary holds, not copied.
    pub fn built_in(path: impl Into<PathBuf>, text: &'static str) -> SourceFile {
        SourceFile::part(path.into(), Cow::Borrowed(text), 0, 0, false)
    }

    /// `text` starting at byte `base`, line `first_line` (0-based) of the
    /// file at `path`.
    fn part(
        path: PathBuf,
        text: Cow<'static, str>,
        base: usize,
        first_line: usize,
        excerpt: bool,
    ) -> SourceFile {
        SourceFile {
            path,
            text,
            base,
            first_line,
            excerpt,
            line_starts: OnceLock::new(),
            char_marks: OnceLock::new(),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The path as shown to users (forward slashes kept as given).
    pub fn name(&self) -> String {
        path_name(&self.path)
    }

    /// The file's text; for an excerpt, the lines it kept.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Whether this holds only some lines of its file.
    pub fn is_excerpt(&self) -> bool {
        self.excerpt
    }

    /// The text a span covers ("" when the span is out of range).
    pub fn slice(&self, span: Span) -> &str {
        let Some(start) = (span.start as usize).checked_sub(self.base) else {
            return "";
        };
        self.text.get(start..start + span.len()).unwrap_or("")
    }

    /// The lines of this file that `spans` touch, with `context` lines
    /// around them, as a file of its own that answers for the same spans
    /// and lines: what a finding keeps of a file once its unit is done, so
    /// that a run's memory does not grow with the text of every file with
    /// a finding. `None` when that would be the whole text.
    pub fn excerpt(
        &self,
        spans: impl IntoIterator<Item = Span>,
        context: usize,
    ) -> Option<SourceFile> {
        let (mut low, mut high) = (usize::MAX, 0);
        for span in spans {
            low = low.min((span.start as usize).saturating_sub(self.base));
            high = high.max((span.end as usize).saturating_sub(self.base));
        }
        if low > high {
            return None;
        }
        let starts = self.line_starts();
        let first = self.line_of(low).saturating_sub(context);
        let last = self.line_of(high.min(self.text.len()));
        let start = starts.get(first).copied().unwrap_or(0);
        let end = starts
            .get(last + context + 1)
            .copied()
            .unwrap_or(self.text.len());
        if start == 0 && end >= self.text.len() {
            return None;
        }
        Some(SourceFile::part(
            self.path.clone(),
            Cow::Owned(self.text.get(start..end)?.to_string()),
            self.base + start,
            self.first_line + first,
            true,
        ))
    }

    /// The 0-based line, within `text`, of an offset into `text`.
    fn line_of(&self, offset: usize) -> usize {
        self.line_starts()
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    /// The index into `text`'s lines of a 1-based line of the file.
    fn line_index(&self, line: usize) -> Option<usize> {
        line.checked_sub(1 + self.first_line)
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            // memchr finds line breaks a vector at a time; counting them
            // first sizes the table once
            let bytes = self.text.as_bytes();
            let mut starts = Vec::with_capacity(memchr::memchr_iter(b'\n', bytes).count() + 1);
            starts.push(0);
            starts.extend(memchr::memchr_iter(b'\n', bytes).map(|i| i + 1));
            starts
        })
    }

    /// The 1-based position of a byte offset. Offsets past the end clamp to
    /// the end; offsets inside a UTF-8 sequence round down to its start.
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.saturating_sub(self.base).min(self.text.len());
        while offset > 0 && !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let line_start = self.line_starts().get(line).copied().unwrap_or(0);
        let column = self
            .chars_before(offset)
            .saturating_sub(self.chars_before(line_start));
        Position {
            line: self.first_line + line + 1,
            column: column + 1,
        }
    }

    /// Builds the tables [`SourceFile::position`] reads (they are built on
    /// first use otherwise), so that positions asked for later, on another
    /// thread, cost only a lookup.
    pub fn index_positions(&self) {
        self.line_starts();
        self.chars_before(0);
    }

    /// The number of characters before a byte offset (a char boundary).
    fn chars_before(&self, offset: usize) -> usize {
        let marks = self.char_marks.get_or_init(|| {
            if self.text.is_ascii() {
                return CharMarks::Ascii;
            }
            let mut marks = vec![(0, 0)];
            let mut next = CHAR_MARK_STRIDE;
            for (chars, (at, _)) in self.text.char_indices().enumerate() {
                if at >= next {
                    marks.push((at, chars));
                    next = at + CHAR_MARK_STRIDE;
                }
            }
            CharMarks::Marks(marks)
        });
        match marks {
            CharMarks::Ascii => offset,
            CharMarks::Marks(marks) => {
                let i = marks
                    .partition_point(|&(at, _)| at <= offset)
                    .saturating_sub(1);
                let (at, chars) = marks.get(i).copied().unwrap_or((0, 0));
                chars + self.text.get(at..offset).map_or(0, |s| s.chars().count())
            }
        }
    }

    /// The byte offset where a 1-based line starts; `None` past the end.
    pub fn line_offset(&self, line: usize) -> Option<usize> {
        self.line_index(line)
            .and_then(|i| self.line_starts().get(i))
            .map(|start| self.base + start)
    }

    /// The text of a 1-based line, without its line break.
    pub fn line_text(&self, line: usize) -> &str {
        let starts = self.line_starts();
        let Some(index) = self.line_index(line) else {
            return "";
        };
        let Some(&start) = starts.get(index) else {
            return "";
        };
        let end = starts.get(index + 1).copied().unwrap_or(self.text.len());
        self.text
            .get(start..end)
            .unwrap_or("")
            .trim_end_matches(['\n', '\r'])
    }

    /// Byte offset of the `n`-th character (0-based); used to convert parser
    /// positions that count characters (of a whole file, not an excerpt).
    pub fn char_to_byte(&self, char_index: usize) -> usize {
        if self.text.is_ascii() {
            return char_index.min(self.text.len());
        }
        self.text
            .char_indices()
            .nth(char_index)
            .map_or(self.text.len(), |(i, _)| i)
    }
}

/// Lets miette render snippets of a file under its name
/// (`╭─[path:line:col]`).
impl miette::SourceCode for SourceFile {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let Some(offset) = span.offset().checked_sub(self.base) else {
            return Err(miette::MietteError::OutOfBounds);
        };
        let local = miette::SourceSpan::new(offset.into(), span.len());
        let contents = self.text.as_ref().read_span(&local, before, after)?;
        let found = contents.span();
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.name(),
            contents.data(),
            miette::SourceSpan::new((found.offset() + self.base).into(), found.len()),
            contents.line() + self.first_line,
            contents.column(),
            // miette counts the line breaks from the start of the text it
            // is given (and compares snippets by it): from the file's start
            contents.line_count() + self.first_line,
        )))
    }
}

/// The files of one run, addressed by [`FileId`].
#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    files: Vec<Arc<SourceFile>>,
}

impl SourceMap {
    pub fn add(&mut self, file: Arc<SourceFile>) -> FileId {
        self.files.push(file);
        FileId(u32::try_from(self.files.len() - 1).unwrap_or(u32::MAX))
    }

    pub fn get(&self, id: FileId) -> Option<&Arc<SourceFile>> {
        self.files.get(id.0 as usize)
    }

    pub fn files(&self) -> impl Iterator<Item = (FileId, &Arc<SourceFile>)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(i as u32), f))
    }

    pub fn find(&self, path: &Path) -> Option<FileId> {
        self.files()
            .find(|(_, f)| f.path() == path)
            .map(|(id, _)| id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn names_that_are_not_utf8_show_their_bytes() {
        use std::os::unix::ffi::OsStrExt as _;
        let name = |bytes: &[u8]| path_name(Path::new(std::ffi::OsStr::from_bytes(bytes)));
        assert_eq!(name(b"dir/bad\xff.yaml"), "dir/bad\\xFF.yaml");
        // two names that display() shows alike stay apart
        assert_eq!(name(b"a\xfe\xff\xc3.yaml"), "a\\xFE\\xFF\\xC3.yaml");
        assert_ne!(name(b"a\xfe.yaml"), name(b"a\xff.yaml"));
        // valid UTF-8 around and inside is kept as it is
        assert_eq!(name("é/ü\u{1F600}.yaml".as_bytes()), "é/ü\u{1F600}.yaml");
        assert_eq!(name(b"\xc3\xa9\xff"), "é\\xFF");
    }

    #[test]
    fn an_excerpt_answers_for_its_lines_as_the_whole_file_does() {
        let mut text = String::new();
        for i in 0..40 {
            text.push_str(&format!("line{i}: välue {i}\r\n"));
        }
        let whole = SourceFile::new("t.yaml", text.clone());
        let at = |line: usize, needle: &str| {
            whole.line_offset(line).unwrap() + whole.line_text(line).find(needle).unwrap()
        };
        let first = Span::new(at(10, "välue"), at(10, "välue") + "välue 9".len());
        let second = Span::new(at(21, "20"), at(21, "20") + 2);
        let excerpt = whole.excerpt([second, first], 2).unwrap();
        assert!(excerpt.is_excerpt());
        // lines 8 to 23: the two places (lines 10 and 21) with two lines of
        // context each
        assert_eq!(excerpt.text().lines().count(), 16);
        assert!(excerpt.text().starts_with("line7: "));
        for span in [first, second] {
            assert_eq!(excerpt.slice(span), whole.slice(span));
            assert_eq!(
                excerpt.position(span.start as usize),
                whole.position(span.start as usize)
            );
            assert_eq!(
                excerpt.position(span.end as usize),
                whole.position(span.end as usize)
            );
        }
        for line in 8..=23 {
            assert_eq!(excerpt.line_text(line), whole.line_text(line));
            assert_eq!(excerpt.line_offset(line), whole.line_offset(line));
        }
        // lines it did not keep are not made up
        assert_eq!(excerpt.line_text(30), "");
        assert_eq!(excerpt.slice(Span::new(0, 4)), "");
        // an excerpt of an excerpt keeps the file's offsets
        let inner = excerpt.excerpt([second], 0).unwrap();
        assert_eq!(inner.slice(second), "20");
        assert_eq!(
            inner.position(second.start as usize),
            whole.position(second.start as usize)
        );
        // a snippet renders the same lines under the same numbers
        let render = |file: &SourceFile| {
            let contents = miette::SourceCode::read_span(
                file,
                &(first.start as usize, first.len()).into(),
                1,
                1,
            )
            .unwrap();
            (
                String::from_utf8(contents.data().to_vec()).unwrap(),
                contents.span().offset(),
                contents.line(),
                contents.column(),
                contents.line_count(),
            )
        };
        assert_eq!(render(&excerpt), render(&whole));
        // spans that need the whole text keep it whole
        assert!(
            whole
                .excerpt([Span::new(0, 3), Span::new(text.len() - 2, text.len())], 0)
                .is_none()
        );
        assert!(whole.excerpt([], 2).is_none());
    }

    #[test]
    fn positions_are_one_based_and_count_characters() {
        let f = SourceFile::new("t.yaml", "a: 1\nbé: x\n");
        assert_eq!(f.position(0), Position { line: 1, column: 1 });
        assert_eq!(f.position(5), Position { line: 2, column: 1 });
        // 'x' is at byte 10 ("b", two-byte "é", ":", " " before it)
        assert_eq!(f.position(10), Position { line: 2, column: 5 });
        assert_eq!(f.line_text(2), "bé: x");
        assert_eq!(f.position(1000), Position { line: 3, column: 1 });
    }

    #[test]
    fn columns_on_long_lines_count_characters_across_marks() {
        // a long single line with multi-byte characters spread along it
        let text: String = (0..5000)
            .map(|i| if i % 7 == 0 { 'é' } else { 'a' })
            .collect();
        let f = SourceFile::new("min.json", format!("x\n{text}"));
        for (chars, (at, _)) in text.char_indices().enumerate().step_by(333) {
            assert_eq!(
                f.position(2 + at),
                Position {
                    line: 2,
                    column: chars + 1
                }
            );
        }
    }

    #[test]
    fn char_indices_convert_to_bytes() {
        let f = SourceFile::new("t", "éa");
        assert_eq!(f.char_to_byte(1), 2);
        assert_eq!(f.char_to_byte(9), 3);
    }
}
