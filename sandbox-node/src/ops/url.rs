//! The WHATWG URL parser (`URL`, `URLSearchParams`'s owner, `url.domainToASCII`):
//! the `url` crate, which implements the WHATWG URL Standard, including its setters
//! (`url::quirks`). V8 has no URL of its own.

use url::{quirks, Url};

use super::throw_type_error;

/// The components `op_url_parse` returns, in order (`js/internal/url.js` reads them
/// by position).
fn components<'s>(scope: &mut v8::PinScope<'s, '_>, url: &Url) -> v8::Local<'s, v8::Value> {
    let parts = [
        quirks::href(url).to_string(),
        quirks::origin(url),
        quirks::protocol(url).to_string(),
        quirks::username(url).to_string(),
        quirks::password(url).to_string(),
        quirks::host(url).to_string(),
        quirks::hostname(url).to_string(),
        quirks::port(url).to_string(),
        quirks::pathname(url).to_string(),
        quirks::search(url).to_string(),
        quirks::hash(url).to_string(),
    ];
    let values: Vec<v8::Local<v8::Value>> = parts
        .iter()
        .map(|p| v8::String::new(scope, p).unwrap_or_else(|| v8::String::empty(scope)).into())
        .collect();
    v8::Array::new_with_elements(scope, &values).into()
}

fn string_arg(scope: &mut v8::PinScope, value: v8::Local<v8::Value>) -> Option<String> {
    v8::Local::<v8::String>::try_from(value).ok().map(|s| s.to_rust_string_lossy(scope))
}

/// `op_url_parse(input, base?)`: the components of the parsed URL, or `null` when
/// `input` (against `base`) is not a valid URL.
pub fn op_url_parse(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(input) = string_arg(scope, args.get(0)) else {
        return throw_type_error(scope, "op_url_parse: input must be a string");
    };
    let base = if args.get(1).is_undefined() {
        None
    } else {
        let Some(base) = string_arg(scope, args.get(1)) else {
            return throw_type_error(scope, "op_url_parse: base must be a string");
        };
        match Url::parse(&base) {
            Ok(base) => Some(base),
            Err(_) => return rv.set_null(),
        }
    };
    let parsed = match &base {
        Some(base) => Url::options().base_url(Some(base)).parse(&input),
        None => Url::parse(&input),
    };
    match parsed {
        Ok(url) => rv.set(components(scope, &url)),
        Err(_) => rv.set_null(),
    }
}

/// `op_url_set(href, part, value)`: the components after the WHATWG setter of `part`
/// (`'href'`, `'protocol'`, `'username'`, ...); `null` when setting `href` to an
/// invalid URL (the other setters ignore bad values, as the standard says).
pub fn op_url_set(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let (Some(href), Some(part), Some(value)) = (
        string_arg(scope, args.get(0)),
        string_arg(scope, args.get(1)),
        string_arg(scope, args.get(2)),
    ) else {
        return throw_type_error(scope, "op_url_set: href, part and value must be strings");
    };
    let Ok(mut url) = Url::parse(&href) else {
        return rv.set_null();
    };
    // Only `href` can fail; the other setters leave the URL as it was on a bad value,
    // as the standard says.
    let ok = match part.as_str() {
        "href" => quirks::set_href(&mut url, &value).is_ok(),
        "protocol" => ignore(quirks::set_protocol(&mut url, &value)),
        "username" => ignore(quirks::set_username(&mut url, &value)),
        "password" => ignore(quirks::set_password(&mut url, &value)),
        "host" => ignore(quirks::set_host(&mut url, &value)),
        "hostname" => ignore(quirks::set_hostname(&mut url, &value)),
        "port" => ignore(quirks::set_port(&mut url, &value)),
        "pathname" => {
            quirks::set_pathname(&mut url, &value);
            true
        }
        "search" => {
            quirks::set_search(&mut url, &value);
            true
        }
        "hash" => {
            quirks::set_hash(&mut url, &value);
            true
        }
        _ => return throw_type_error(scope, "op_url_set: unknown component"),
    };
    if ok {
        rv.set(components(scope, &url));
    } else {
        rv.set_null();
    }
}

/// A setter's refusal is not an error: the URL stays as it was.
fn ignore(_refused: Result<(), ()>) -> bool {
    true
}

/// `op_url_domain(domain, unicode)`: `url.domainToASCII` / `domainToUnicode` (IDNA);
/// `''` for an invalid domain, as Node.
pub fn op_url_domain(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(domain) = string_arg(scope, args.get(0)) else {
        return throw_type_error(scope, "op_url_domain: domain must be a string");
    };
    let out = if args.get(1).is_true() {
        quirks::domain_to_unicode(&domain)
    } else {
        quirks::domain_to_ascii(&domain)
    };
    let out = v8::String::new(scope, &out).unwrap_or_else(|| v8::String::empty(scope));
    rv.set(out.into());
}
