//! `printf format [argument...]` (POSIX): the format is reused while arguments
//! remain; conversions `d i o u x X c s b f F e E g G %` with flags `-+ #0`,
//! width and precision (`*` takes them from the arguments).

use super::escape::unescape;
use yash_env::Env;
use yash_env::semantics::Field;
use yash_semantics::Runtime;

struct Args<'a> {
    list: &'a [Field],
    next: usize,
    errors: Vec<String>,
}

impl Args<'_> {
    fn take(&mut self) -> Option<&str> {
        let v = self.list.get(self.next).map(|f| f.value.as_str());
        if v.is_some() {
            self.next += 1;
        }
        v
    }

    fn int(&mut self) -> i128 {
        let Some(s) = self.take() else { return 0 };
        let s = s.to_owned();
        parse_int(&s).unwrap_or_else(|| {
            self.errors.push(format!("{s}: invalid number"));
            0
        })
    }

    fn float(&mut self) -> f64 {
        let Some(s) = self.take() else { return 0.0 };
        let s = s.to_owned();
        if let Some(c) = char_value(&s) {
            return c as f64;
        }
        s.trim_start().parse::<f64>().unwrap_or_else(|_| {
            self.errors.push(format!("{s}: invalid number"));
            0.0
        })
    }
}

/// `'c` and `"c` are the character's code (POSIX).
fn char_value(s: &str) -> Option<i128> {
    let rest = s.strip_prefix('\'').or_else(|| s.strip_prefix('"'))?;
    Some(rest.chars().next().map_or(0, |c| c as i128))
}

fn parse_int(s: &str) -> Option<i128> {
    if let Some(c) = char_value(s) {
        return Some(c);
    }
    let t = s.trim_start();
    let (neg, digits) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let value = if let Some(hex) = digits.strip_prefix("0x").or_else(|| digits.strip_prefix("0X")) {
        i128::from_str_radix(hex, 16).ok()?
    } else if digits.len() > 1 && digits.starts_with('0') {
        i128::from_str_radix(&digits[1..], 8).ok()?
    } else {
        digits.parse::<i128>().ok()?
    };
    Some(if neg { -value } else { value })
}

#[derive(Default)]
struct Spec {
    left: bool,
    plus: bool,
    space: bool,
    alt: bool,
    zero: bool,
    width: Option<usize>,
    precision: Option<usize>,
}

impl Spec {
    fn pad(&self, body: String, numeric: bool) -> String {
        let width = self.width.unwrap_or(0);
        let len = body.chars().count();
        if len >= width {
            return body;
        }
        let fill = width - len;
        if self.left {
            body + &" ".repeat(fill)
        } else if self.zero && numeric {
            // Zeros go after the sign and any 0x prefix.
            let split = body.find(|c: char| !matches!(c, '+' | '-' | ' ')).map_or(0, |i| {
                if body[i..].starts_with("0x") || body[i..].starts_with("0X") { i + 2 } else { i }
            });
            format!("{}{}{}", &body[..split], "0".repeat(fill), &body[split..])
        } else {
            " ".repeat(fill) + &body
        }
    }

    fn sign(&self, negative: bool) -> &'static str {
        if negative {
            "-"
        } else if self.plus {
            "+"
        } else if self.space {
            " "
        } else {
            ""
        }
    }
}

/// C's `%e` body for a finite non-negative value.
fn exp_form(v: f64, precision: usize, upper: bool) -> String {
    let s = format!("{v:.precision$e}");
    let (mantissa, exp) = s.split_once('e').unwrap();
    let exp: i32 = exp.parse().unwrap();
    let e = if upper { 'E' } else { 'e' };
    let sign = if exp < 0 { '-' } else { '+' };
    format!("{mantissa}{e}{sign}{:02}", exp.abs())
}

fn float_body(conv: char, v: f64, spec: &Spec) -> String {
    let p = spec.precision.unwrap_or(6);
    let a = v.abs();
    if !a.is_finite() {
        let s = if a.is_nan() { "nan" } else { "inf" };
        return if conv.is_ascii_uppercase() { s.to_uppercase() } else { s.to_owned() };
    }
    match conv {
        'f' | 'F' => format!("{a:.p$}"),
        'e' | 'E' => exp_form(a, p, conv == 'E'),
        _ => {
            let p = if p == 0 { 1 } else { p };
            let x = if a == 0.0 {
                0
            } else {
                let s = format!("{a:.prec$e}", prec = p - 1);
                s.split_once('e').unwrap().1.parse::<i32>().unwrap()
            };
            let mut s = if (x as i64) < p as i64 && x >= -4 {
                format!("{a:.prec$}", prec = (p as i32 - 1 - x) as usize)
            } else {
                exp_form(a, p - 1, conv == 'G')
            };
            if !spec.alt {
                let (num, exp) = match s.find(['e', 'E']) {
                    Some(i) => (s[..i].to_owned(), s[i..].to_owned()),
                    None => (s.clone(), String::new()),
                };
                let num = if num.contains('.') {
                    num.trim_end_matches('0').trim_end_matches('.').to_owned()
                } else {
                    num
                };
                s = num + &exp;
            }
            s
        }
    }
}

/// Formats once through `format`; whether to stop (`\c`).
fn format_once(format: &str, args: &mut Args<'_>, out: &mut Vec<u8>) -> bool {
    let chars: Vec<char> = format.chars().collect();
    let mut i = 0;
    let mut literal = String::new();
    let flush = |literal: &mut String, out: &mut Vec<u8>| {
        unescape(literal, false, out);
        literal.clear();
    };
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        if c != '%' {
            literal.push(c);
            if c == '\\' && i < chars.len() {
                literal.push(chars[i]);
                i += 1;
            }
            continue;
        }
        flush(&mut literal, out);
        let mut spec = Spec::default();
        while i < chars.len() {
            match chars[i] {
                '-' => spec.left = true,
                '+' => spec.plus = true,
                ' ' => spec.space = true,
                '#' => spec.alt = true,
                '0' => spec.zero = true,
                _ => break,
            }
            i += 1;
        }
        let number = |i: &mut usize, args: &mut Args<'_>| -> Option<usize> {
            if *i < chars.len() && chars[*i] == '*' {
                *i += 1;
                let n = args.int();
                return Some(n.max(0) as usize);
            }
            let start = *i;
            while *i < chars.len() && chars[*i].is_ascii_digit() {
                *i += 1;
            }
            (*i > start).then(|| chars[start..*i].iter().collect::<String>().parse().unwrap_or(0))
        };
        spec.width = number(&mut i, args);
        if i < chars.len() && chars[i] == '.' {
            i += 1;
            spec.precision = Some(number(&mut i, args).unwrap_or(0));
        }
        let Some(&conv) = chars.get(i) else {
            out.push(b'%');
            break;
        };
        i += 1;
        let text = match conv {
            '%' => "%".to_owned(),
            's' => {
                let mut s = args.take().unwrap_or("").to_owned();
                if let Some(p) = spec.precision {
                    s = s.chars().take(p).collect();
                }
                spec.pad(s, false)
            }
            'b' => {
                let mut bytes = Vec::new();
                let go_on = unescape(args.take().unwrap_or(""), true, &mut bytes);
                let mut s = String::from_utf8_lossy(&bytes).into_owned();
                if let Some(p) = spec.precision {
                    s = s.chars().take(p).collect();
                }
                out.extend_from_slice(spec.pad(s, false).as_bytes());
                if !go_on {
                    return true;
                }
                continue;
            }
            'c' => {
                let s: String = args.take().unwrap_or("").chars().take(1).collect();
                spec.pad(s, false)
            }
            'd' | 'i' => {
                let v = args.int();
                let mut digits = v.unsigned_abs().to_string();
                if let Some(p) = spec.precision {
                    if digits.len() < p {
                        digits = "0".repeat(p - digits.len()) + &digits;
                    }
                    spec.zero = false;
                }
                spec.pad(format!("{}{digits}", spec.sign(v < 0)), true)
            }
            'o' | 'u' | 'x' | 'X' => {
                let v = args.int();
                let u = if v < 0 { (v as i64) as u64 as u128 } else { v as u128 };
                let mut digits = match conv {
                    'o' => format!("{u:o}"),
                    'u' => u.to_string(),
                    'x' => format!("{u:x}"),
                    _ => format!("{u:X}"),
                };
                if let Some(p) = spec.precision {
                    if digits.len() < p {
                        digits = "0".repeat(p - digits.len()) + &digits;
                    }
                    spec.zero = false;
                }
                if spec.alt && u != 0 {
                    digits = match conv {
                        'o' if !digits.starts_with('0') => format!("0{digits}"),
                        'x' => format!("0x{digits}"),
                        'X' => format!("0X{digits}"),
                        _ => digits,
                    };
                }
                spec.pad(digits, true)
            }
            'f' | 'F' | 'e' | 'E' | 'g' | 'G' => {
                let v = args.float();
                let body = float_body(conv, v, &spec);
                spec.pad(
                    format!("{}{body}", spec.sign(v.is_sign_negative() && v != 0.0)),
                    v.is_finite(),
                )
            }
            other => {
                args.errors.push(format!("%{other}: invalid conversion"));
                return true;
            }
        };
        out.extend_from_slice(text.as_bytes());
    }
    flush(&mut literal, out);
    false
}

pub async fn main<S: Runtime>(env: &mut Env<S>, args: Vec<Field>) -> yash_env::builtin::Result {
    let mut rest = &args[..];
    if rest.first().is_some_and(|f| f.value == "--") {
        rest = &rest[1..];
    }
    let Some((format, rest)) = rest.split_first() else {
        return super::fail(env, "printf", "missing format", 2).await;
    };
    let mut a = Args { list: rest, next: 0, errors: Vec::new() };
    let mut out = Vec::new();
    loop {
        let before = a.next;
        if format_once(&format.value, &mut a, &mut out) {
            break;
        }
        if a.next == before || a.next >= a.list.len() {
            break;
        }
    }
    let result = super::out(env, &out).await;
    if a.errors.is_empty() {
        return result;
    }
    let message = a.errors.join("\nprintf: ");
    super::fail(env, "printf", &message, 1).await
}
