//! `test expression` and `[ expression ]` (POSIX, with the XSI `-a`, `-o` and
//! parentheses): exit 0 true, 1 false, 2 an error.
//!
//! WASI preview 1 has no permission bits, so `-r`, `-w` and `-x` hold for any
//! existing file (`-x`: a regular file or a directory), as for root.

use std::ffi::CString;
use yash_env::Env;
use yash_env::io::Fd;
use yash_env::semantics::Field;
use yash_env::system::{AT_FDCWD, FileType, Stat as _};
use yash_semantics::Runtime;

struct Parser<'a, S> {
    env: &'a Env<S>,
    args: &'a [String],
    pos: usize,
}

const BINARY: &[&str] =
    &["=", "!=", "-eq", "-ne", "-gt", "-ge", "-lt", "-le", "-nt", "-ot", "-ef", "<", ">"];
const UNARY: &[&str] = &[
    "-b", "-c", "-d", "-e", "-f", "-g", "-h", "-L", "-n", "-p", "-r", "-s", "-S", "-t", "-u", "-w",
    "-x", "-z",
];

impl<S: Runtime> Parser<'_, S> {
    fn peek(&self, off: usize) -> Option<&str> {
        self.args.get(self.pos + off).map(String::as_str)
    }

    fn next(&mut self) -> Result<&str, String> {
        let a = self.args.get(self.pos).ok_or("argument expected")?;
        self.pos += 1;
        Ok(a)
    }

    fn or(&mut self) -> Result<bool, String> {
        let mut v = self.and()?;
        while self.peek(0) == Some("-o") {
            self.pos += 1;
            v |= self.and()?;
        }
        Ok(v)
    }

    fn and(&mut self) -> Result<bool, String> {
        let mut v = self.not()?;
        while self.peek(0) == Some("-a") {
            self.pos += 1;
            v &= self.not()?;
        }
        Ok(v)
    }

    fn not(&mut self) -> Result<bool, String> {
        // `! a = b` negates the comparison; `! = b` is not a negation.
        if self.peek(0) == Some("!") && !self.peek(1).is_some_and(|b| BINARY.contains(&b)) {
            self.pos += 1;
            return Ok(!self.not()?);
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<bool, String> {
        let remaining = self.args.len() - self.pos;
        if remaining >= 3 && self.peek(1).is_some_and(|op| BINARY.contains(&op)) {
            let a = self.next()?.to_owned();
            let op = self.next()?.to_owned();
            let b = self.next()?.to_owned();
            return self.binary(&a, &op, &b);
        }
        let first = self.next()?.to_owned();
        if first == "(" && remaining >= 2 {
            let v = self.or()?;
            if self.next()? != ")" {
                return Err("`)' expected".to_owned());
            }
            return Ok(v);
        }
        if remaining >= 2 && UNARY.contains(&first.as_str()) {
            let operand = self.next()?.to_owned();
            return self.unary(&first, &operand);
        }
        Ok(!first.is_empty())
    }

    fn stat(&self, path: &str, follow: bool) -> Option<S::Stat> {
        let c = CString::new(path).ok()?;
        self.env.system.fstatat(AT_FDCWD, &c, follow).ok()
    }

    fn unary(&self, op: &str, x: &str) -> Result<bool, String> {
        let file = |t: Option<FileType>| {
            self.stat(x, true).is_some_and(|s| t.is_none_or(|t| s.r#type() == t))
        };
        Ok(match op {
            "-n" => !x.is_empty(),
            "-z" => x.is_empty(),
            "-e" | "-r" | "-w" => file(None),
            "-f" => file(Some(FileType::Regular)),
            "-d" => file(Some(FileType::Directory)),
            "-b" => file(Some(FileType::BlockDevice)),
            "-c" => file(Some(FileType::CharacterDevice)),
            "-p" => file(Some(FileType::Fifo)),
            "-S" => file(Some(FileType::Socket)),
            "-h" | "-L" => self.stat(x, false).is_some_and(|s| s.r#type() == FileType::Symlink),
            "-s" => self.stat(x, true).is_some_and(|s| s.size() > 0),
            "-x" => file(Some(FileType::Regular)) || file(Some(FileType::Directory)),
            "-g" | "-u" => self
                .stat(x, true)
                .is_some_and(|s| s.mode().bits() & if op == "-u" { 0o4000 } else { 0o2000 } != 0),
            "-t" => {
                let fd: i32 = x.parse().map_err(|_| format!("{x}: integer expected"))?;
                self.env.system.isatty(Fd(fd))
            }
            _ => return Err(format!("{op}: unknown operator")),
        })
    }

    fn binary(&self, a: &str, op: &str, b: &str) -> Result<bool, String> {
        let int = |s: &str| -> Result<i64, String> {
            s.trim().parse::<i64>().map_err(|_| format!("{s}: integer expression expected"))
        };
        Ok(match op {
            "=" => a == b,
            "!=" => a != b,
            "<" => a < b,
            ">" => a > b,
            "-eq" => int(a)? == int(b)?,
            "-ne" => int(a)? != int(b)?,
            "-gt" => int(a)? > int(b)?,
            "-ge" => int(a)? >= int(b)?,
            "-lt" => int(a)? < int(b)?,
            "-le" => int(a)? <= int(b)?,
            "-ef" => match (self.stat(a, true), self.stat(b, true)) {
                (Some(x), Some(y)) => x.identity() == y.identity(),
                _ => false,
            },
            // Modification times are not in yash's Stat: not supported.
            _ => return Err(format!("{op}: unsupported operator")),
        })
    }
}

pub async fn main<S: Runtime>(
    env: &mut Env<S>,
    args: Vec<Field>,
    bracket: bool,
) -> yash_env::builtin::Result {
    let name = if bracket { "[" } else { "test" };
    let mut words: Vec<String> = args.into_iter().map(|f| f.value).collect();
    if bracket {
        if words.last().map(String::as_str) != Some("]") {
            return super::fail(env, name, "missing `]'", 2).await;
        }
        words.pop();
    }
    if words.is_empty() {
        return yash_env::semantics::ExitStatus(1).into();
    }
    let result = {
        let mut p = Parser { env, args: &words, pos: 0 };
        match p.or() {
            Ok(v) if p.pos == words.len() => Ok(v),
            Ok(_) => Err(format!("{}: unexpected argument", words[p.pos])),
            Err(e) => Err(e),
        }
    };
    match result {
        Ok(v) => yash_env::semantics::ExitStatus(if v { 0 } else { 1 }).into(),
        Err(e) => super::fail(env, name, &e, 2).await,
    }
}
