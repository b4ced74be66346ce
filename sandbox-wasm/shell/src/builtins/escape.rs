//! Backslash escapes of `echo -e`, `printf`'s format and `printf %b`.

/// Appends the unescaped `s` to `out`. With `b_style` (`%b`, `echo -e`), an
/// octal escape is `\0nnn` and `\c` ends all output (the result is `false`);
/// otherwise (a printf format) it is `\nnn`.
pub fn unescape(s: &str, b_style: bool, out: &mut Vec<u8>) -> bool {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        i += 1;
        if c != b'\\' || i == bytes.len() {
            out.push(c);
            continue;
        }
        let e = bytes[i];
        i += 1;
        match e {
            b'\\' => out.push(b'\\'),
            b'a' => out.push(7),
            b'b' => out.push(8),
            b'f' => out.push(12),
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b't' => out.push(b'\t'),
            b'v' => out.push(11),
            b'e' | b'E' => out.push(27),
            b'c' if b_style => return false,
            b'0'..=b'7' => {
                // `\0nnn` in the b style, `\nnn` in a format: up to 3 digits.
                let mut value: u32 = 0;
                let mut digits = 0;
                let mut j = i - 1;
                if b_style && e == b'0' {
                    j = i;
                }
                while digits < 3 && j < bytes.len() && (b'0'..=b'7').contains(&bytes[j]) {
                    value = value * 8 + u32::from(bytes[j] - b'0');
                    j += 1;
                    digits += 1;
                }
                i = j;
                out.push(value as u8);
            }
            b'x' => {
                let mut value: u32 = 0;
                let mut digits = 0;
                while digits < 2 && i < bytes.len() && bytes[i].is_ascii_hexdigit() {
                    value = value * 16 + (bytes[i] as char).to_digit(16).unwrap();
                    i += 1;
                    digits += 1;
                }
                if digits == 0 {
                    out.extend_from_slice(b"\\x");
                } else {
                    out.push(value as u8);
                }
            }
            b'"' if !b_style => out.push(b'"'),
            other => {
                out.push(b'\\');
                out.push(other);
            }
        }
    }
    true
}
