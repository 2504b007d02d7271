//! User-data scripts read as shell, not as lines. What a script runs is its
//! commands (continuation lines joined), not the data its heredocs write:
//! the rules decide "this runs Redis" from [`commands`]. Editing: a command that runs
//! what the fix replaces goes whole (its continuation lines and heredoc
//! with it); a package install or service command that names other things
//! too only loses the replaced names (nginx stays installed when certbot
//! goes); an assignment that only removed commands read goes after them.
//! Removed text is kept as comments, with a note saying why.

/// One logical command: physical lines `start..=end`, of which
/// `start..=cmd_end` are the command (the rest are heredoc bodies: data,
/// which is not what decides whether the command runs something).
struct Unit {
    start: usize,
    cmd_end: usize,
    end: usize,
    /// Whether the unit is a comment or a blank line.
    inert: bool,
}

/// Commands that take a list of packages or services after a verb.
const LIST_COMMANDS: &[(&str, &[&str])] = &[
    ("apt-get", &["install"]),
    ("apt", &["install"]),
    ("yum", &["install"]),
    ("dnf", &["install"]),
    ("apk", &["add"]),
    ("zypper", &["install", "in"]),
    (
        "systemctl",
        &["enable", "start", "restart", "reload", "disable", "stop"],
    ),
    ("snap", &["install"]),
    ("pip", &["install"]),
    ("pip3", &["install"]),
];

/// Keywords that open or close a compound command: a line starting with
/// one is not removed on its own (that would break the script's syntax).
const COMPOUND: &[&str] = &[
    "if", "then", "else", "elif", "fi", "for", "while", "until", "do", "done", "case", "esac", "{",
    "}", "function",
];

fn heredoc_marker(line: &str) -> Option<(String, bool)> {
    let i = line.find("<<")?;
    // `$((1 << 3))` shifts; it opens no heredoc.
    if line[..i].contains("((") {
        return None;
    }
    let rest = &line[i + 2..];
    if rest.starts_with('<') {
        return None; // here-string
    }
    let (dash, rest) = match rest.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let word: String = rest
        .trim_start()
        .trim_start_matches(['\'', '"'])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    (!word.is_empty()).then_some((word, dash))
}

/// The quote still open at the end of `line` (`'` or `"`), given the one
/// open at its start: a command goes on until its quotes close.
fn open_quote(line: &str, mut quote: Option<char>) -> Option<char> {
    let mut escaped = false;
    for c in line.chars() {
        match (quote, c) {
            (_, _) if escaped => escaped = false,
            (Some('"') | None, '\\') => escaped = true,
            (None, '#') => break,
            (None, '\'' | '"') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            _ => {}
        }
    }
    quote
}

fn units(lines: &[&str]) -> Vec<Unit> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let t = lines[i].trim();
        if t.is_empty() || t.starts_with('#') {
            out.push(Unit {
                start: i,
                cmd_end: i,
                end: i,
                inert: true,
            });
            i += 1;
            continue;
        }
        let start = i;
        let mut heredocs = Vec::new();
        let mut quote: Option<char> = None;
        loop {
            if quote.is_none() {
                if let Some(m) = heredoc_marker(lines[i]) {
                    heredocs.push(m);
                }
            }
            quote = open_quote(lines[i], quote);
            let continued = lines[i].trim_end().ends_with('\\') || quote.is_some();
            if continued && i + 1 < lines.len() {
                i += 1;
            } else {
                break;
            }
        }
        let cmd_end = i;
        for (word, _) in heredocs {
            while i + 1 < lines.len() {
                i += 1;
                if lines[i].trim() == word {
                    break;
                }
            }
        }
        out.push(Unit {
            start,
            cmd_end,
            end: i,
            inert: false,
        });
        i += 1;
    }
    out
}

/// The text of each command of a script (continuation lines included,
/// comments and heredoc bodies not). A Terraform heredoc around the script
/// (`<<-EOT` ... `EOT`, as `user_data` writes it inline) is looked through.
pub fn commands(text: &str) -> Vec<String> {
    let body = hcl_heredoc_body(text).unwrap_or(text);
    let lines: Vec<&str> = body.lines().collect();
    units(&lines)
        .into_iter()
        .filter(|u| !u.inert)
        .map(|u| lines[u.start..=u.cmd_end].join("\n"))
        .collect()
}

/// The text inside a Terraform heredoc expression's source text, when the
/// text is one (its first line opens the heredoc: `<<-EOT`, or a function
/// call of one, `base64encode(<<-EOT`).
fn hcl_heredoc_body(text: &str) -> Option<&str> {
    let (first, rest) = text.split_once('\n')?;
    let (marker, _) = heredoc_marker(first)?;
    let opener = first.trim_start();
    if !(opener.starts_with("<<") || opener.contains("(<<")) {
        return None;
    }
    let mut end = rest.len();
    let mut pos = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim() == marker {
            end = pos;
            break;
        }
        pos += line.len();
    }
    Some(&rest[..end])
}

fn first_word(line: &str) -> &str {
    let t = line.trim_start();
    let t = t.strip_prefix("sudo ").map(str::trim_start).unwrap_or(t);
    t.split(|c: char| c.is_whitespace() || c == ';')
        .next()
        .unwrap_or("")
}

fn indent(line: &str) -> &str {
    &line[..line.len() - line.trim_start().len()]
}

fn mentions(text: &str, words: &[&str]) -> bool {
    let lower = text.to_ascii_lowercase();
    words.iter().any(|w| lower.contains(w))
}

/// The list command a unit is, if any: the verb's index in its first line's
/// tokens.
fn list_command(line: &str) -> bool {
    let tokens: Vec<&str> = line.split_whitespace().collect();
    let tokens: Vec<&str> = tokens
        .iter()
        .copied()
        .skip_while(|t| *t == "sudo" || t.contains('='))
        .collect();
    let Some(cmd) = tokens.first() else {
        return false;
    };
    LIST_COMMANDS
        .iter()
        .any(|(c, verbs)| *cmd == *c && tokens.iter().skip(1).any(|t| verbs.contains(t)))
}

/// Drops the tokens of a list command that name what goes. `None` when no
/// package or service would be left (the whole command goes instead).
fn drop_tokens(lines: &[&str], words: &[&str]) -> Option<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    // Per segment of a chain (`a && b`): names dropped, names left.
    let mut segments: Vec<(usize, usize)> = vec![(0, 0)];
    let mut seen_verb = false;
    // A package or service name is a word, or the name a phrase
    // (`install -y redis`) ends with; a token names it when it is that name,
    // with a version (`redis6`) or a suffix (`redis-server`,
    // `python3-certbot-nginx`), not when it merely contains it
    // (`php-pecl-redis5` is a client library the app still needs).
    let names: Vec<String> = words
        .iter()
        .filter_map(|w| w.split_whitespace().last())
        .map(|w| w.trim_end_matches(':').to_ascii_lowercase())
        .filter(|w| w.len() >= 4)
        .collect();
    let named = |tok: &str| {
        let t = tok.to_ascii_lowercase();
        let base = t.split(['=', ':']).next().unwrap_or(&t);
        let base = base.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
        names.iter().any(|n| {
            let n = n.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
            base == n
                || base.starts_with(&format!("{n}-"))
                || base.starts_with(&format!("python3-{n}"))
                || base.starts_with(&format!("python-{n}"))
        })
    };
    for line in lines {
        let ind = indent(line);
        let cont = line.trim_end().ends_with('\\');
        let body = line.trim().trim_end_matches('\\').trim_end();
        let mut kept = Vec::new();
        for tok in body.split_whitespace() {
            if matches!(tok, "&&" | "||" | ";" | "|") {
                seen_verb = false;
                segments.push((0, 0));
                kept.push(tok);
                continue;
            }
            let seg = segments.last_mut().expect("one segment at least");
            if seen_verb && !tok.starts_with('-') && named(tok) {
                seg.0 += 1;
                continue;
            }
            if LIST_COMMANDS.iter().any(|(_, v)| v.contains(&tok)) {
                seen_verb = true;
            } else if seen_verb && !tok.starts_with('-') {
                seg.1 += 1;
            }
            kept.push(tok);
        }
        if kept.is_empty() {
            continue;
        }
        out.push(format!(
            "{ind}{}{}",
            kept.join(" "),
            if cont { " \\" } else { "" }
        ));
    }
    let dropped: usize = segments.iter().map(|s| s.0).sum();
    // A segment left with nothing to install or start would fail: the
    // whole command goes instead.
    if dropped == 0 || segments.iter().any(|(d, left)| *d > 0 && *left == 0) {
        return None;
    }
    // The last line continues nothing.
    if let Some(last) = out.last_mut() {
        if let Some(s) = last.strip_suffix(" \\") {
            *last = s.to_string();
        }
    }
    Some(out)
}

/// Removes from `script` the commands that mention any of `words`
/// (case-insensitive). Returns the new script and how many commands were
/// changed, or `None` when nothing runs them.
pub fn remove_commands(script: &str, words: &[&str], why: &str) -> Option<(String, usize)> {
    let lines: Vec<&str> = script.lines().collect();
    let units = units(&lines);
    let mut out: Vec<String> = Vec::new();
    let mut changed = 0;
    let mut depth: i32 = 0;
    for u in &units {
        let text: Vec<&str> = lines[u.start..=u.end].to_vec();
        let first = first_word(text[0]);
        let opens = matches!(first, "if" | "for" | "while" | "until" | "case" | "{")
            || text[0].trim_end().ends_with('{');
        let closes = matches!(first, "fi" | "done" | "esac" | "}");
        // A `case` item (`pat) cmd ;;`) goes only with its whole `case`.
        let case_item = first.ends_with(')') || text.iter().any(|l| l.trim_end().ends_with(";;"));
        let hit = !u.inert
            && !COMPOUND.contains(&first)
            && !case_item
            && !opens
            && mentions(&lines[u.start..=u.cmd_end].join("\n"), words);
        if !hit {
            out.extend(text.iter().map(|s| s.to_string()));
            depth += i32::from(opens) - i32::from(closes);
            continue;
        }
        changed += 1;
        let ind = indent(text[0]).to_string();
        if list_command(text[0]) && u.cmd_end == u.end {
            if let Some(kept) = drop_tokens(&text, words) {
                out.push(format!("{ind}# tfready: {why}; was: {}", text[0].trim()));
                out.extend(kept);
                continue;
            }
        }
        out.push(format!("{ind}# tfready: {why}"));
        if depth > 0 {
            // Inside a compound command: a no-op keeps its body non-empty.
            out.push(format!("{ind}:"));
        }
        for l in &text {
            out.push(format!("{}# {}", indent(l), l.trim_start()));
        }
    }
    if changed == 0 {
        return None;
    }
    let out = drop_unused_assignments(&lines, out, why);
    let mut s = out.join("\n");
    if script.ends_with('\n') {
        s.push('\n');
    }
    Some((s, changed))
}

/// Comments out plain assignments (`NAME=value` on a line of its own) that
/// the original script read and the edited one no longer does.
fn drop_unused_assignments(before: &[&str], after: Vec<String>, why: &str) -> Vec<String> {
    let reads = |lines: &mut dyn Iterator<Item = &str>, name: &str| {
        let a = format!("${name}");
        let b = format!("${{{name}");
        lines.filter(|l| !l.trim_start().starts_with('#')).any(|l| {
            l.match_indices(&a).any(|(i, _)| {
                !l[i + a.len()..]
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
            }) || l.contains(&b)
        })
    };
    let assignment = |l: &str| -> Option<String> {
        let t = l.trim();
        let (name, _) = t.split_once('=')?;
        (!name.is_empty()
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !name.starts_with(|c: char| c.is_ascii_digit())
            && !t.contains(' '))
        .then(|| name.to_string())
    };
    let mut out = after.clone();
    for (i, l) in after.iter().enumerate() {
        let Some(name) = assignment(l) else { continue };
        let others_after = after
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, s)| s.as_str());
        let read_before = reads(
            &mut before.iter().copied().filter(|x| x.trim() != l.trim()),
            &name,
        );
        if read_before && !reads(&mut { others_after }, &name) {
            out[i] = format!(
                "{}# tfready: {why} (only removed commands read {name}); was: {}",
                indent(l),
                l.trim()
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const WHY: &str = "Redis runs in ElastiCache";

    #[test]
    fn drops_a_package_and_keeps_the_others() {
        let s = "#!/bin/bash\nset -e\napt-get install -y nginx redis-server git\n";
        let (out, n) = remove_commands(s, &["redis"], WHY).unwrap();
        assert_eq!(n, 1);
        assert!(out.contains("\napt-get install -y nginx git\n"), "{out}");
    }

    #[test]
    fn removes_a_command_with_its_continuation_lines() {
        let s = "certbot --nginx \\\n  -d example.org \\\n  --non-interactive\necho done\n";
        let (out, _) = remove_commands(s, &["certbot"], "TLS at the load balancer").unwrap();
        assert_eq!(
            out,
            "# tfready: TLS at the load balancer\n# certbot --nginx \\\n  # -d example.org \\\n  # --non-interactive\necho done\n"
        );
    }

    #[test]
    fn a_package_line_with_nothing_left_goes_whole_and_continuations_stay_valid() {
        let s = "dnf install -y \\\n  redis6\nsystemctl enable --now redis6 nginx\n";
        let (out, n) = remove_commands(s, &["redis"], WHY).unwrap();
        assert_eq!(n, 2);
        assert!(out.contains("# dnf install -y \\\n  # redis6\n"), "{out}");
        assert!(out.ends_with("systemctl enable --now nginx\n"), "{out}");
    }

    #[test]
    fn heredocs_go_with_their_command_and_compound_bodies_stay_non_empty() {
        let s = "if true; then\n  cat > /etc/redis.conf <<EOF\nbind 127.0.0.1\nEOF\nfi\n";
        let (out, _) = remove_commands(s, &["redis"], WHY).unwrap();
        assert_eq!(
            out,
            "if true; then\n  # tfready: Redis runs in ElastiCache\n  :\n  # cat > /etc/redis.conf <<EOF\n# bind 127.0.0.1\n# EOF\nfi\n"
        );
    }

    #[test]
    fn assignments_only_removed_commands_read_go_too() {
        let s = "DOMAIN=example.org\nKEEP=1\ncertbot -d \"$DOMAIN\"\necho \"$KEEP\"\n";
        let (out, _) = remove_commands(s, &["certbot"], "TLS").unwrap();
        assert!(out.starts_with("# tfready: TLS (only removed commands read DOMAIN); was: DOMAIN=example.org\nKEEP=1\n"), "{out}");
    }

    #[test]
    fn a_phrase_names_the_package() {
        let s = "apt-get install -y redis nginx\n";
        let words = &["install -y redis", "redis-server"];
        let (out, _) = remove_commands(s, words, WHY).unwrap();
        assert!(out.ends_with("\napt-get install -y nginx\n"), "{out}");
    }

    #[test]
    fn heredoc_bodies_are_data() {
        let s = "cat > /etc/app.service <<U\nAfter=redis6.service\nU\n";
        assert!(remove_commands(s, &["redis6"], WHY).is_none());
    }

    #[test]
    fn chains_lose_names_per_command_and_libraries_stay() {
        let s =
            "dnf install -y nginx redis6 php-pecl-redis5 && systemctl enable --now redis6 nginx\n";
        let (out, _) = remove_commands(s, &["redis6"], WHY).unwrap();
        assert!(
            out.ends_with(
                "\ndnf install -y nginx php-pecl-redis5 && systemctl enable --now nginx\n"
            ),
            "{out}"
        );
        // A command of the chain left with nothing to do: the whole line goes.
        let s = "dnf install -y redis6 && systemctl enable --now redis6\n";
        let (out, _) = remove_commands(s, &["redis6"], WHY).unwrap();
        assert!(
            out.contains("# dnf install -y redis6 && systemctl"),
            "{out}"
        );
    }

    #[test]
    fn case_items_and_open_quotes_are_not_split() {
        let s = "case \"$1\" in\n  cache) systemctl start redis6 ;;\nesac\n";
        assert!(remove_commands(s, &["redis6"], WHY).is_none());
        let s = "echo 'first\nredis6 second'\necho done\n";
        let (out, _) = remove_commands(s, &["redis6"], WHY).unwrap();
        assert_eq!(
            out,
            "# tfready: Redis runs in ElastiCache\n# echo 'first\n# redis6 second'\necho done\n"
        );
        assert_eq!(commands("x=$((1<<3))\nredis-server\n").len(), 2);
    }

    #[test]
    fn nothing_to_do_is_none() {
        assert!(remove_commands("echo hi\n# redis\n", &["redis"], WHY).is_none());
    }
}
