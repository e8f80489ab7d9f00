//! Reads the core's own source: every sentence a person reads goes through `msg`, and every
//! sentence given to `msg` has German. A refusal written as a literal or with `format!` stays
//! English whatever the app's language and ignores the data dictionary.

use std::path::{Path, PathBuf};

/// A string literal of the source, and the line it starts on.
struct Literal {
    text: String,
    line: usize,
}

/// A file's code with each string literal replaced by `\u{1}N\u{2}` (N its index), comments and
/// test modules removed, and the literals themselves.
struct Source {
    code: String,
    literals: Vec<Literal>,
    /// The line each byte of `code` is on.
    lines: Vec<usize>,
    /// The lines whose literals nobody reads (marked `// i18n: not for people` on the line or
    /// the one above: a log line written over several lines, an internal detail).
    not_for_people: Vec<usize>,
}

impl Source {
    fn read(text: &str) -> Self {
        // A file's tests come last, after `#[cfg(test)]`; they may say anything.
        let text = text.split("#[cfg(test)]").next().unwrap_or_default();
        let not_for_people = text
            .lines()
            .enumerate()
            .filter(|(_, l)| l.contains("i18n: not for people"))
            .flat_map(|(i, _)| [i + 1, i + 2])
            .collect();
        let chars: Vec<char> = text.chars().collect();
        let mut code = String::new();
        let mut lines = Vec::new();
        let mut literals = Vec::new();
        let mut line = 1;
        let mut i = 0;
        let push = |code: &mut String, lines: &mut Vec<usize>, s: &str, line: usize| {
            code.push_str(s);
            lines.extend(std::iter::repeat_n(line, s.len()));
        };
        while i < chars.len() {
            let c = chars[i];
            let next = chars.get(i + 1).copied();
            if c == '\n' {
                line += 1;
            }
            if c == '/' && next == Some('/') {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
                continue;
            }
            if c == '/' && next == Some('*') {
                while i + 1 < chars.len() && !(chars[i] == '*' && chars[i + 1] == '/') {
                    if chars[i] == '\n' {
                        line += 1;
                    }
                    i += 1;
                }
                i += 2;
                continue;
            }
            let raw = c == 'r'
                && matches!(next, Some('"' | '#'))
                && !chars.get(i.wrapping_sub(1)).is_some_and(|p| p.is_alphanumeric() || *p == '_');
            if raw {
                let mut j = i + 1;
                let mut hashes = 0;
                while chars.get(j) == Some(&'#') {
                    hashes += 1;
                    j += 1;
                }
                if chars.get(j) == Some(&'"') {
                    let start_line = line;
                    let close: String =
                        std::iter::once('"').chain(std::iter::repeat_n('#', hashes)).collect();
                    let rest: String = chars[j + 1..].iter().collect();
                    let end = rest.find(&close).unwrap_or(rest.len());
                    let text = rest[..end].to_owned();
                    line += text.matches('\n').count();
                    push(&mut code, &mut lines, &format!("\u{1}{}\u{2}", literals.len()), start_line);
                    literals.push(Literal { text: text.clone(), line: start_line });
                    i = j + 1 + text.chars().count() + close.chars().count();
                    continue;
                }
            }
            if c == '"' {
                let start_line = line;
                let mut text = String::new();
                i += 1;
                while i < chars.len() && chars[i] != '"' {
                    if chars[i] == '\\' {
                        match chars.get(i + 1) {
                            Some('\n') => {
                                // A line continuation: the newline and the next line's indent go.
                                line += 1;
                                i += 2;
                                while chars.get(i).is_some_and(|c| c.is_whitespace()) {
                                    if chars[i] == '\n' {
                                        line += 1;
                                    }
                                    i += 1;
                                }
                                continue;
                            }
                            Some('n') => text.push('\n'),
                            Some(other) => text.push(*other),
                            None => {}
                        }
                        i += 2;
                        continue;
                    }
                    if chars[i] == '\n' {
                        line += 1;
                    }
                    text.push(chars[i]);
                    i += 1;
                }
                i += 1;
                push(&mut code, &mut lines, &format!("\u{1}{}\u{2}", literals.len()), start_line);
                literals.push(Literal { text, line: start_line });
                continue;
            }
            if c == '\'' {
                // A char literal ('a', '\n', '\'') — not a lifetime ('a).
                let len = if next == Some('\\') {
                    chars[i + 2..].iter().position(|c| *c == '\'').map(|p| p + 3)
                } else if chars.get(i + 2) == Some(&'\'') {
                    Some(3)
                } else {
                    None
                };
                if let Some(len) = len {
                    push(&mut code, &mut lines, "'_'", line);
                    i += len;
                    continue;
                }
            }
            let mut buf = [0; 4];
            push(&mut code, &mut lines, c.encode_utf8(&mut buf), line);
            i += 1;
        }
        Self { code, literals, lines, not_for_people }
    }

    /// The literal whose marker starts at `at`, if one does.
    fn literal_at(&self, at: usize) -> Option<&Literal> {
        let rest = self.code.get(at..)?.strip_prefix('\u{1}')?;
        let end = rest.find('\u{2}')?;
        self.literals.get(rest[..end].parse::<usize>().ok()?)
    }

    /// Where the argument after `skip` top-level commas starts, from an opening `(` or `{` at
    /// `open`.
    fn argument(&self, open: usize, skip: usize) -> Option<usize> {
        let bytes = self.code.as_bytes();
        let mut depth = 0;
        let mut commas = 0;
        let mut i = open + 1;
        if skip == 0 {
            return Some(self.skip_space(i));
        }
        while i < bytes.len() {
            match bytes[i] {
                b'(' | b'[' | b'{' => depth += 1,
                b')' | b']' | b'}' if depth == 0 => return None,
                b')' | b']' | b'}' => depth -= 1,
                b',' if depth == 0 => {
                    commas += 1;
                    if commas == skip {
                        return Some(self.skip_space(i + 1));
                    }
                }
                _ => {}
            }
            i += 1;
        }
        None
    }

    fn skip_space(&self, mut i: usize) -> usize {
        let bytes = self.code.as_bytes();
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        i
    }

    fn line(&self, at: usize) -> usize {
        self.lines.get(at).copied().unwrap_or(0)
    }
}

/// The core's source files and the app's (`app/…`: src-tauri), tests left out.
fn sources() -> Vec<(PathBuf, Source)> {
    let core = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut all = sources_in(&core.join("src"), Path::new(""));
    all.extend(sources_in(&core.join("../../src-tauri/src"), Path::new("app")));
    all
}

fn sources_in(root: &Path, prefix: &Path) -> Vec<(PathBuf, Source)> {
    let mut files = Vec::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("read src") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs")
                && !path.to_string_lossy().ends_with("_tests.rs")
            {
                files.push(path);
            }
        }
    }
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("read source");
            (prefix.join(p.strip_prefix(root).expect("under src")), Source::read(&text))
        })
        .collect()
}

/// Whether a literal reads like a sentence for a person (a capital, words, an end mark).
fn is_sentence(text: &str) -> bool {
    let text = text.trim();
    text.chars().next().is_some_and(char::is_uppercase)
        && text.contains(' ')
        && text.ends_with(['.', '?', '!', ')'])
        && ![
            "SELECT ", "INSERT ", "UPDATE ", "DELETE ", "PRAGMA ", "CREATE ", "WITH ", " LIKE ", " IN (",
            " = ?",
        ]
        .iter()
        .any(|sql| text.contains(sql))
}

/// Calls whose argument a person reads: (the call's text, which argument). `dialogs::` stands
/// for each native dialog (its title).
const READ_BY_PEOPLE: &[(&str, usize)] = &[
    ("Error::invalid(", 1),
    ("Error::Backup(", 0),
    ("Error::Forbidden(", 0),
    ("Error::InUse(", 0),
    ("CommandError::internal(", 0),
    ("add_filter(", 0),
    ("dialogs::", 0),
];

#[test]
fn every_refusal_goes_through_msg() {
    let mut english = Vec::new();
    for (path, source) in sources() {
        if path.starts_with("messages") {
            continue;
        }
        for (call, arg) in READ_BY_PEOPLE {
            for (at, _) in source.code.match_indices(call) {
                let open = if call.ends_with('(') {
                    at + call.len() - 1
                } else {
                    let name =
                        source.code[at + call.len()..].find(|c: char| !c.is_alphanumeric() && c != '_');
                    match name.map(|n| at + call.len() + n) {
                        Some(open) if source.code[open..].starts_with('(') => open,
                        _ => continue,
                    }
                };
                let Some(start) = source.argument(open, *arg) else { continue };
                let rest = source.code[start..].trim_start_matches('&');
                if rest.starts_with('\u{1}') || rest.starts_with("format!") {
                    english.push(format!("{}:{}: {call}…", path.display(), source.line(at)));
                }
            }
        }
        for (at, _) in source.code.match_indices("message:") {
            let start = source.skip_space(at + "message:".len());
            let rest = &source.code[start..];
            if rest.starts_with('\u{1}') || rest.starts_with("format!") {
                english.push(format!("{}:{}: message: …", path.display(), source.line(at)));
            }
        }
    }
    assert!(english.is_empty(), "{} refusals do not go through msg:\n{}", english.len(), english.join("\n"));
}

#[test]
fn every_sentence_for_people_has_german() {
    let german = super::german();
    let mut missing = Vec::new();
    for (path, source) in sources() {
        for (at, _) in source.code.match_indices("msg(") {
            let before = source.code[..at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let start = source.skip_space(at + 4);
            if let Some(literal) = source.literal_at(start)
                && !german.contains_key(literal.text.as_str())
            {
                missing.push(format!("{}:{}: {}", path.display(), literal.line, literal.text));
            }
        }
    }
    assert!(missing.is_empty(), "{} sentences have no German:\n{}", missing.len(), missing.join("\n"));
}

#[test]
fn no_sentence_is_written_past_msg() {
    let mut english = Vec::new();
    for (path, source) in sources() {
        // The demo data set is content, not the app speaking; words.rs is the documents' table.
        if path.starts_with("messages") || path.starts_with("demo") || path.starts_with("statements/words.rs")
        {
            continue;
        }
        for (index, literal) in source.literals.iter().enumerate() {
            if !is_sentence(&literal.text) || source.not_for_people.contains(&literal.line) {
                continue;
            }
            let marker = format!("\u{1}{index}\u{2}");
            let Some(at) = source.code.find(&marker) else { continue };
            let before = source.code[..at].trim_end();
            let line_start = source.code[..at].rfind('\n').map_or(0, |i| i + 1);
            let line = &source.code[line_start..at];
            let for_people = !(before.ends_with("msg(")
                || before.ends_with("words.t(")
                || line.contains("log::")
                || line.contains("#[error(")
                || line.contains("expect(")
                || line.contains("panic!(")
                || line.contains("unreachable!("));
            if for_people {
                english.push(format!("{}:{}: {}", path.display(), literal.line, literal.text));
            }
        }
    }
    assert!(english.is_empty(), "{} sentences are written past msg:\n{}", english.len(), english.join("\n"));
}
