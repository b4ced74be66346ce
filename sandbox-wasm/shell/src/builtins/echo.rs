//! `echo`, as bash's (yash passes built-ins their operands without the name): options `-n` (no newline), `-e` (escapes), `-E` (none,
//! the default), combinable (`-ne`); the first argument that is not such an
//! option starts the text.

use super::escape::unescape;
use yash_env::Env;
use yash_env::semantics::Field;
use yash_semantics::Runtime;

pub async fn main<S: Runtime>(env: &mut Env<S>, args: Vec<Field>) -> yash_env::builtin::Result {
    let mut newline = true;
    let mut escapes = false;
    let mut words = args.iter().peekable();
    while let Some(arg) = words.peek() {
        let v = arg.value.as_bytes();
        if v.len() < 2 || v[0] != b'-' || !v[1..].iter().all(|c| b"neE".contains(c)) {
            break;
        }
        for c in &v[1..] {
            match c {
                b'n' => newline = false,
                b'e' => escapes = true,
                _ => escapes = false,
            }
        }
        words.next();
    }
    let mut out = Vec::new();
    let mut first = true;
    for word in words {
        if !first {
            out.push(b' ');
        }
        first = false;
        if escapes {
            if !unescape(&word.value, true, &mut out) {
                return super::out(env, &out).await;
            }
        } else {
            out.extend_from_slice(word.value.as_bytes());
        }
    }
    if newline {
        out.push(b'\n');
    }
    super::out(env, &out).await
}
