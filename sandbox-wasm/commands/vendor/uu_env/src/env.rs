// This file is part of the uutils coreutils package.
//
// For the full copyright and license information, please view the LICENSE
// file that was distributed with this source code.

// spell-checker:ignore (ToDO) chdir progname subcommand subcommands unsets setenv putenv spawnp SIGSEGV SIGBUS sigaction Sigmask sigprocmask elidable sigset sigaddset sigemptyset

pub mod diagnostics;
pub mod native_int_str;
pub mod split_iterator;
pub mod string_expander;
pub mod string_parser;
pub mod variable_parser;

use clap::builder::ValueParser;
use clap::{Arg, ArgAction, Command};
use ini::Ini;
use native_int_str::{
    Convert, NCvt, NativeIntStr, NativeIntString, NativeStr, from_native_int_representation,
    from_native_int_representation_owned, get_single_native_int_value,
};
#[cfg(all(unix, not(target_os = "fuchsia")))]
use nix::libc;
#[cfg(all(unix, not(target_os = "fuchsia")))]
use nix::sys::signal::{SigSet, SigmaskHow, Signal, sigprocmask};
#[cfg(unix)]
use nix::unistd::execvp;
use std::borrow::Cow;
#[cfg(all(unix, not(target_os = "fuchsia")))]
use std::collections::BTreeMap;
#[cfg(unix)]
use std::collections::BTreeSet;
use std::env;
#[cfg(unix)]
use std::ffi::CString;
use std::ffi::{OsStr, OsString};
use std::io;
use std::io::Write as _;
use std::io::stderr;
#[cfg(all(unix, not(target_os = "fuchsia")))]
use std::mem::zeroed;
#[cfg(unix)]
use std::os::unix::ffi::OsStrExt;

use uucore::display::{Quotable, print_all_env_vars};
use uucore::error::{ExitCode, UError, UResult, USimpleError, UUsageError, strip_errno};
use uucore::line_ending::LineEnding;
#[cfg(all(unix, not(target_os = "fuchsia")))]
use uucore::signals::{
    realtime_signal_bounds, signal_by_name_or_value, signal_name_by_value,
    signal_number_upper_bound,
};
use uucore::translate;
use uucore::{format_usage, show_warning};

use thiserror::Error;

#[derive(Debug, Error, PartialEq)]
pub enum EnvError {
    #[error("{}", translate!("env-error-missing-closing-quote", "position" => .0, "quote" => .1))]
    EnvMissingClosingQuote(usize, char),
    #[error("{}", translate!("env-error-invalid-backslash-at-end", "position" => .0, "context" => .1))]
    EnvInvalidBackslashAtEndOfStringInMinusS(usize, String),
    #[error("{}", translate!("env-error-backslash-c-not-allowed", "position" => .0))]
    EnvBackslashCNotAllowedInDoubleQuotes(usize),
    #[error("{}", translate!("env-error-invalid-sequence", "position" => .0, "char" => .1))]
    EnvInvalidSequenceBackslashXInMinusS(usize, char),
    #[error("{}", translate!("env-error-missing-closing-brace", "position" => .0))]
    EnvParsingOfVariableMissingClosingBrace(usize),
    #[error("{}", translate!("env-error-missing-variable", "position" => .0))]
    EnvParsingOfMissingVariable(usize),
    #[error("{}", translate!("env-error-only-braced-variable", "position" => .0))]
    EnvParsingOfVariableOnlyBracedName(usize),
    #[error("{}", translate!("env-error-unexpected-number", "position" => .0, "char" => .1))]
    EnvParsingOfVariableUnexpectedNumber(usize, String),
    #[error("")]
    EnvReachedEnd,
    #[error("")]
    EnvContinueWithDelimiter,
    #[error("{}{:?}",.0,.1)]
    EnvInternalError(usize, string_parser::Error),
}

impl From<string_parser::Error> for EnvError {
    fn from(value: string_parser::Error) -> Self {
        Self::EnvInternalError(value.peek_position, value)
    }
}

mod options {
    pub const IGNORE_ENVIRONMENT: &str = "ignore-environment";
    pub const CHDIR: &str = "chdir";
    pub const NULL: &str = "null";
    pub const FILE: &str = "file";
    pub const UNSET: &str = "unset";
    pub const DEBUG: &str = "debug";
    pub const SPLIT_STRING: &str = "split-string";
    pub const ARGV0: &str = "argv0";
    pub const IGNORE_SIGNAL: &str = "ignore-signal";
    pub const DEFAULT_SIGNAL: &str = "default-signal";
    pub const BLOCK_SIGNAL: &str = "block-signal";
    pub const LIST_SIGNAL_HANDLING: &str = "list-signal-handling";
}

struct Options<'a> {
    ignore_env: bool,
    line_ending: LineEnding,
    running_directory: Option<&'a OsStr>,
    files: Vec<&'a OsStr>,
    unsets: Vec<&'a OsStr>,
    sets: Vec<(Cow<'a, OsStr>, Cow<'a, OsStr>)>,
    program: Vec<&'a OsStr>,
    argv0: Option<&'a OsStr>,
    #[cfg(all(unix, not(target_os = "fuchsia")))]
    ignore_signal: SignalRequest,
    #[cfg(all(unix, not(target_os = "fuchsia")))]
    default_signal: SignalRequest,
    #[cfg(all(unix, not(target_os = "fuchsia")))]
    block_signal: SignalRequest,
    #[cfg(all(unix, not(target_os = "fuchsia")))]
    list_signal_handling: bool,
}

fn parse_name_value_opt<'a>(opts: &mut Options<'a>, opt: &'a OsStr) -> UResult<bool> {
    // is it a NAME=VALUE like opt ?
    let wrap = NativeStr::<'a>::new(opt);
    let split_o = wrap.split_once('=');
    if let Some((name, value)) = split_o {
        // yes, so push name, value pair
        opts.sets.push((name, value));
        Ok(false)
    } else {
        // no, it's a program-like opt
        parse_program_opt(opts, opt).map(|_| true)
    }
}

fn parse_program_opt<'a>(opts: &mut Options<'a>, opt: &'a OsStr) -> UResult<()> {
    if opts.line_ending == LineEnding::Nul {
        Err(UUsageError::new(
            125,
            translate!("env-error-cannot-specify-null-with-command"),
        ))
    } else {
        opts.program.push(opt);
        Ok(())
    }
}

#[cfg(all(unix, not(target_os = "fuchsia")))]
fn parse_signal_value(signal_name: &str) -> UResult<usize> {
    let signal_name_upcase = signal_name.to_uppercase();
    let optional_signal_value = signal_by_name_or_value(&signal_name_upcase);
    let error = USimpleError::new(
        125,
        translate!("env-error-invalid-signal", "signal" => signal_name.quote()),
    );
    match optional_signal_value {
        Some(sig_val) => {
            if sig_val == 0 {
                Err(error)
            } else {
                Ok(sig_val)
            }
        }
        None => Err(error),
    }
}

#[cfg(all(unix, not(target_os = "fuchsia")))]
fn parse_signal_opt(target: &mut SignalRequest, opt: &OsStr) -> UResult<()> {
    if opt.is_empty() {
        return Ok(());
    }

    for sig in opt
        .as_bytes()
        .split(|&b| b == b',')
        .filter(|chunk| !chunk.is_empty())
        .map(OsStr::from_bytes)
    {
        let sig_str = sig.to_str().ok_or_else(|| {
            USimpleError::new(
                1,
                translate!("env-error-invalid-signal", "signal" => sig.quote()),
            )
        })?;
        let sig_val = parse_signal_value(sig_str)?;
        target.signals.insert(sig_val);
    }

    Ok(())
}

#[cfg(all(unix, not(target_os = "fuchsia")))]
#[derive(Default, Debug)]
struct SignalRequest {
    apply_all: bool,
    signals: BTreeSet<usize>,
}

#[cfg(all(unix, not(target_os = "fuchsia")))]
impl SignalRequest {
    fn is_empty(&self) -> bool {
        !self.apply_all && self.signals.is_empty()
    }

    fn for_each_signal<F>(&self, mut f: F) -> UResult<()>
    where
        F: FnMut(usize, bool) -> UResult<()>,
    {
        if self.is_empty() {
            return Ok(());
        }
        for &sig in &self.signals {
            f(sig, true)?;
        }
        if self.apply_all {
            for sig_value in 1..=signal_number_upper_bound() {
                if self.signals.contains(&sig_value) {
                    continue;
                }
                // SIGKILL (9) and SIGSTOP (17 on mac, 19 on linux) cannot be caught or ignored
                if sig_value == libc::SIGKILL as usize || sig_value == libc::SIGSTOP as usize {
                    continue;
                }
                f(sig_value, false)?;
            }
        }
        Ok(())
    }
}

#[cfg(all(unix, not(target_os = "fuchsia")))]
#[derive(Copy, Clone)]
enum SignalActionKind {
    Default,
    Ignore,
    Block,
}

#[cfg(all(unix, not(target_os = "fuchsia")))]
#[derive(Copy, Clone)]
struct SignalActionRecord {
    kind: SignalActionKind,
    explicit: bool,
}

#[cfg(all(unix, not(target_os = "fuchsia")))]
#[derive(Default)]
struct SignalActionLog {
    records: BTreeMap<usize, SignalActionRecord>,
}

#[cfg(all(unix, not(target_os = "fuchsia")))]
impl SignalActionLog {
    fn record(&mut self, sig_value: usize, kind: SignalActionKind, explicit: bool) {
        self.records
            .entry(sig_value)
            .and_modify(|entry| {
                entry.kind = kind;
                if explicit {
                    entry.explicit = true;
                }
            })
            .or_insert(SignalActionRecord { kind, explicit });
    }
}

#[cfg(all(unix, not(target_os = "fuchsia")))]
fn build_signal_request(
    matches: &clap::ArgMatches,
    option: &str,
    signal_apply_all: &BTreeSet<&str>,
) -> UResult<SignalRequest> {
    let mut request = SignalRequest::default();
    let mut provided_values = 0usize;

    let mut explicit_empty = false;
    if let Some(iter) = matches.get_many::<OsString>(option) {
        for opt in iter {
            if opt.is_empty() {
                if !signal_apply_all.contains(option) {
                    explicit_empty = true;
                }
                continue;
            }
            provided_values += 1;
            parse_signal_opt(&mut request, opt)?;
        }
    }

    let present = matches.contains_id(option);
    if present && provided_values == 0 && !explicit_empty {
        request.apply_all = true;
    }

    Ok(request)
}

#[cfg(all(unix, not(target_os = "fuchsia")))]
fn signal_is_valid(sig: usize) -> bool {
    if Signal::try_from(sig as i32).is_err() {
        // nix::sys::signal does not know about real-time signals, so check that
        // ourselves.
        if let Some((rtmin, rtmax)) = realtime_signal_bounds() {
            return sig >= rtmin && sig <= rtmax;
        }

        return false;
    }

    true
}

fn load_config_file(opts: &mut Options) -> UResult<()> {
    // NOTE: config files are parsed using an INI parser b/c it's available and compatible with ".env"-style files
    //   ... * but support for actual INI files, although working, is not intended, nor claimed
    for &file in &opts.files {
        let conf = if file == "-" {
            let stdin = io::stdin();
            let mut stdin_locked = stdin.lock();
            Ini::read_from(&mut stdin_locked)
        } else {
            Ini::load_from_file(file)
        };

        let conf =
            conf.map_err(|e| USimpleError::new(1, format!("{}: {e}", file.maybe_quote())))?;

        for (_, prop) in &conf {
            // ignore all INI section lines (treat them as comments)
            for (key, value) in prop {
                unsafe {
                    env::set_var(key, value);
                }
            }
        }
    }

    Ok(())
}

pub fn uu_app() -> Command {
    Command::new("env")
        .version(uucore::crate_version!())
        .help_template(uucore::localized_help_template("env"))
        .about(translate!("env-about"))
        .override_usage(format_usage(&translate!("env-usage")))
        .after_help(translate!("env-after-help"))
        .infer_long_args(true)
        .trailing_var_arg(true)
        .arg(
            Arg::new(options::IGNORE_ENVIRONMENT)
                .short('i')
                .long(options::IGNORE_ENVIRONMENT)
                .help(translate!("env-help-ignore-environment"))
                .action(ArgAction::SetTrue),
        )
        .arg(
            Arg::new(options::CHDIR)
                .short('C') // GNU env compatibility
                .long(options::CHDIR)
                .number_of_values(1)
                .value_name("DIR")
                .value_parser(ValueParser::os_string())
                .value_hint(clap::ValueHint::DirPath)
                .help(translate!("env-help-chdir")),
        )
        .arg(
            Arg::new(options::NULL)
                .short('0')
                .long(options::NULL)
                .help(translate!("env-help-null"))
                .action(ArgAction::SetTrue),
        )
        .arg(
            Arg::new(options::FILE)
                .short('f')
                .long(options::FILE)
                .value_name("PATH")
                .value_hint(clap::ValueHint::FilePath)
                .value_parser(ValueParser::os_string())
                .action(ArgAction::Append)
                .help(translate!("env-help-file")),
        )
        .arg(
            Arg::new(options::UNSET)
                .short('u')
                .long(options::UNSET)
                .value_name("NAME")
                .action(ArgAction::Append)
                .value_parser(ValueParser::os_string())
                .help(translate!("env-help-unset")),
        )
        .arg(
            Arg::new(options::DEBUG)
                .short('v')
                .long(options::DEBUG)
                .action(ArgAction::Count)
                .help(translate!("env-help-debug")),
        )
        .arg(
            Arg::new(options::SPLIT_STRING) // split string handling is implemented directly, not using CLAP. But this entry here is needed for the help information output.
                .short('S')
                .long(options::SPLIT_STRING)
                .value_name("S")
                .action(ArgAction::Set)
                .value_parser(ValueParser::os_string())
                .help(translate!("env-help-split-string")),
        )
        .arg(
            Arg::new(options::ARGV0)
                .overrides_with(options::ARGV0)
                .short('a')
                .long(options::ARGV0)
                .value_name("a")
                .action(ArgAction::Set)
                .value_parser(ValueParser::os_string())
                .help(translate!("env-help-argv0")),
        )
        .arg(
            Arg::new("vars")
                .action(ArgAction::Append)
                .value_parser(ValueParser::os_string()),
        )
        .arg(
            Arg::new(options::IGNORE_SIGNAL)
                .long(options::IGNORE_SIGNAL)
                .value_name("SIG")
                .num_args(0..=1)
                .require_equals(true)
                .action(ArgAction::Append)
                .default_missing_value("")
                .value_parser(ValueParser::os_string())
                .help(translate!("env-help-ignore-signal")),
        )
        .arg(
            Arg::new(options::DEFAULT_SIGNAL)
                .long(options::DEFAULT_SIGNAL)
                .value_name("SIG")
                .num_args(0..=1)
                .require_equals(true)
                .action(ArgAction::Append)
                .default_missing_value("")
                .value_parser(ValueParser::os_string())
                .help(translate!("env-help-default-signal")),
        )
        .arg(
            Arg::new(options::BLOCK_SIGNAL)
                .long(options::BLOCK_SIGNAL)
                .value_name("SIG")
                .num_args(0..=1)
                .require_equals(true)
                .action(ArgAction::Append)
                .default_missing_value("")
                .value_parser(ValueParser::os_string())
                .help(translate!("env-help-block-signal")),
        )
        .arg(
            Arg::new(options::LIST_SIGNAL_HANDLING)
                .long(options::LIST_SIGNAL_HANDLING)
                .action(ArgAction::SetTrue)
                .help(translate!("env-help-list-signal-handling")),
        )
}

pub fn parse_args_from_str(text: &NativeIntStr) -> UResult<Vec<NativeIntString>> {
    parse_args_from_str_at(text, None)
}

/// As [`parse_args_from_str`], pointing a caret into the argument the string
/// came from.
///
/// # Arguments
///
/// * `text` - The `-S` string to split.
/// * `located` - The whole argument list and the index of the argument
///   carrying `text`, or `None` when no diagnostic is wanted. The argument is
///   named rather than searched for, so a command that repeats the string
///   elsewhere still points at the right one.
fn parse_args_from_str_at(
    text: &NativeIntStr,
    located: Option<(&[OsString], usize)>,
) -> UResult<Vec<NativeIntString>> {
    split_iterator::split(text).map_err(|e| {
        let error = to_error(text, &e);
        // The `-S` string is echoed back as typed, so a string that is not
        // text cannot be pointed into.
        let reported = located.is_some_and(|(args, index)| {
            from_native_int_representation(Cow::Borrowed(text))
                .to_str()
                .is_some_and(|payload| {
                    diagnostics::render(args, index, payload, &error.to_string(), &e)
                })
        });
        uucore::error::quiet_if_reported(reported, error)
    })
}

/// The user-facing error for a `-S` string that does not split.
fn to_error(text: &NativeIntStr, e: &EnvError) -> Box<dyn UError> {
    let var_error = |pos: usize| {
        // Find the '$' that started this variable reference and format
        // the error like GNU: "only ${VARNAME} expansion is supported, error at: $..."
        let dollar = get_single_native_int_value('$');
        let dollar_pos = text[..pos]
            .iter()
            .rposition(|&c| Some(c) == dollar)
            .unwrap_or(pos);
        let rest = from_native_int_representation(Cow::Borrowed(&text[dollar_pos..]));
        USimpleError::new(
            125,
            translate!("env-error-only-braced-variable-at", "rest" => rest.to_string_lossy()),
        )
    };
    match e {
        EnvError::EnvBackslashCNotAllowedInDoubleQuotes(_)
        | EnvError::EnvInvalidBackslashAtEndOfStringInMinusS(_, _)
        | EnvError::EnvInvalidSequenceBackslashXInMinusS(_, _) => {
            USimpleError::new(125, e.to_string())
        }
        EnvError::EnvMissingClosingQuote(_, _) => USimpleError::new(125, e.to_string()),
        EnvError::EnvParsingOfVariableMissingClosingBrace(pos)
        | EnvError::EnvParsingOfMissingVariable(pos)
        | EnvError::EnvParsingOfVariableOnlyBracedName(pos)
        | EnvError::EnvParsingOfVariableUnexpectedNumber(pos, _) => var_error(*pos),
        _ => USimpleError::new(
            125,
            translate!("env-error-generic", "error" => format!("{e:?}")),
        ),
    }
}

fn debug_print_args(args: &[OsString]) {
    let mut error = stderr().lock();
    let _ = writeln!(error, "input args:");
    for (i, arg) in args.iter().enumerate() {
        let _ = writeln!(error, "arg[{i}]: {}", arg.quote());
    }
}

fn check_and_handle_string_args(
    arg: &OsString,
    prefix_to_test: &str,
    all_args: &mut Vec<OsString>,
    do_debug_print_args: Option<&Vec<OsString>>,
    require_non_empty_payload: bool,
    strip_optional_leading_equals: bool,
    located: Option<(&[OsString], usize)>,
) -> UResult<bool> {
    let native_arg = NCvt::convert(arg);
    if let Some(remaining_arg) = native_arg.strip_prefix(&*NCvt::convert(prefix_to_test)) {
        if require_non_empty_payload && remaining_arg.is_empty() {
            return Ok(false);
        }

        if let Some(input_args) = do_debug_print_args {
            debug_print_args(input_args); // do it here, such that its also printed when we get an error/panic during parsing
        }

        let remaining_arg = if strip_optional_leading_equals {
            if let Some(stripped_remaining_arg) = remaining_arg.strip_prefix(&*NCvt::convert("=")) {
                stripped_remaining_arg
            } else {
                remaining_arg
            }
        } else {
            remaining_arg
        };

        let arg_strings = parse_args_from_str_at(remaining_arg, located)?;
        all_args.extend(
            arg_strings
                .into_iter()
                .map(from_native_int_representation_owned),
        );

        Ok(true)
    } else {
        Ok(false)
    }
}

#[derive(Default)]
struct EnvAppData {
    do_debug_printing: bool,
    do_input_debug_printing: Option<bool>,
    had_string_argument: bool,
}

struct ParsedArguments {
    original_args: Vec<OsString>,
    matches: clap::ArgMatches,
    #[cfg(all(unix, not(target_os = "fuchsia")))]
    signal_apply_all: BTreeSet<&'static str>,
}

impl EnvAppData {
    fn make_error_no_such_file_or_dir(&self, prog: &OsStr) -> Box<dyn UError> {
        uucore::show_error!(
            "{}",
            translate!("env-error-no-such-file", "program" => prog.quote())
        );
        if !self.had_string_argument {
            uucore::show_error!("{}", translate!("env-error-use-s-shebang"));
        }
        ExitCode::new(127)
    }

    fn process_all_string_arguments(
        &mut self,
        original_args: &Vec<OsString>,
    ) -> UResult<Vec<OsString>> {
        let mut all_args: Vec<OsString> = Vec::new();
        let mut process_flags = true;
        let mut expecting_arg = false;
        // Leave out split-string since it's a special case below
        let flags_with_args = [
            options::ARGV0,
            options::CHDIR,
            options::FILE,
            options::UNSET,
        ];
        let short_flags_with_args = ['a', 'C', 'f', 'u'];
        let mut consumed_split_payload_arg: Option<usize> = None;
        for (n, arg) in original_args.iter().enumerate() {
            if consumed_split_payload_arg == Some(n) {
                consumed_split_payload_arg = None;
                continue;
            }
            let arg_str = arg.to_string_lossy();
            // Stop processing env flags once we reach the command or -- argument
            if 0 < n
                && !expecting_arg
                && (arg == "--" || !(arg_str.starts_with('-') || arg_str.contains('=')))
            {
                process_flags = false;
            }
            if !process_flags {
                all_args.push(arg.clone());
                continue;
            }
            expecting_arg = false;
            // Where the `-S` string sits, for the caret: the argument the
            // parser is looking at right now.
            let located = uucore::diagnostics::enabled().then_some((original_args.as_slice(), n));
            match arg {
                b if check_and_handle_string_args(
                    b,
                    "--split-string",
                    &mut all_args,
                    None,
                    true,
                    true,
                    located,
                )? =>
                {
                    self.had_string_argument = true;
                }
                b if check_and_handle_string_args(
                    b,
                    "-S",
                    &mut all_args,
                    None,
                    true,
                    false,
                    located,
                )? =>
                {
                    self.had_string_argument = true;
                }
                b if check_and_handle_string_args(
                    b,
                    "-vS",
                    &mut all_args,
                    None,
                    true,
                    false,
                    located,
                )? =>
                {
                    self.do_debug_printing = true;
                    self.had_string_argument = true;
                }
                b if check_and_handle_string_args(
                    b,
                    "-vvS",
                    &mut all_args,
                    Some(original_args),
                    true,
                    false,
                    located,
                )? =>
                {
                    self.do_debug_printing = true;
                    self.do_input_debug_printing = Some(false); // already done
                    self.had_string_argument = true;
                }
                b if b == "--split-string" || b == "-S" || b == "-vS" || b == "-vvS" => {
                    let Some(next_arg) = original_args.get(n + 1) else {
                        all_args.push(arg.clone());
                        continue;
                    };

                    if b == "-vS" || b == "-vvS" {
                        self.do_debug_printing = true;
                    }
                    if b == "-vvS" {
                        debug_print_args(original_args);
                        self.do_input_debug_printing = Some(false);
                    }

                    let native_next_arg = NCvt::convert(next_arg);
                    // The string is the argument after this one, detached.
                    let located =
                        uucore::diagnostics::enabled().then_some((original_args.as_slice(), n + 1));
                    let arg_strings = parse_args_from_str_at(native_next_arg.as_ref(), located)?;
                    all_args.extend(
                        arg_strings
                            .into_iter()
                            .map(from_native_int_representation_owned),
                    );
                    self.had_string_argument = true;
                    expecting_arg = false;
                    consumed_split_payload_arg = Some(n + 1);
                }
                _ => {
                    if let Some(flag) = arg_str.strip_prefix("--") {
                        if flags_with_args.contains(&flag) {
                            expecting_arg = true;
                        }
                    } else if let Some(flag) = arg_str.strip_prefix("-") {
                        for c in flag.chars() {
                            expecting_arg = short_flags_with_args.contains(&c);
                        }
                    }
                    // Short unset option (-u) is not allowed to contain '='
                    if arg_str.contains('=')
                        && arg_str.starts_with("-u")
                        && !arg_str.starts_with("--")
                    {
                        let name = &arg_str[arg_str.find('=').unwrap()..];
                        return Err(USimpleError::new(
                            125,
                            translate!("env-error-cannot-unset", "name" => name),
                        ));
                    }

                    all_args.push(arg.clone());
                }
            }
        }

        Ok(all_args)
    }

    fn parse_arguments(
        &mut self,
        original_args: impl uucore::Args,
    ) -> Result<ParsedArguments, Box<dyn UError>> {
        let original_args: Vec<OsString> = original_args.collect();
        let args = self.process_all_string_arguments(&original_args)?;
        #[cfg(unix)]
        let mut signal_apply_all = BTreeSet::new();

        #[cfg(unix)]
        for arg in &args {
            if arg == "--ignore-signal" {
                signal_apply_all.insert(options::IGNORE_SIGNAL);
            } else if arg == "--default-signal" {
                signal_apply_all.insert(options::DEFAULT_SIGNAL);
            } else if arg == "--block-signal" {
                signal_apply_all.insert(options::BLOCK_SIGNAL);
            }
        }

        let app = uu_app();
        let matches = match app.try_get_matches_from(args) {
            Ok(matches) => matches,
            Err(e) => {
                match e.kind() {
                    clap::error::ErrorKind::DisplayHelp
                    | clap::error::ErrorKind::DisplayVersion => return Err(e.into()),
                    _ => {
                        // Use ErrorFormatter directly to handle error with shebang message callback
                        let formatter = uucore::clap_localization::ErrorFormatter::new("env");
                        formatter.print_error_and_exit_with_callback(&e, 125, || {
                            let _ = writeln!(
                                stderr(),
                                "env: {}",
                                translate!("env-error-use-s-shebang")
                            );
                        });
                    }
                }
            }
        };
        Ok(ParsedArguments {
            original_args,
            matches,
            #[cfg(all(unix, not(target_os = "fuchsia")))]
            signal_apply_all,
        })
    }

    fn run_env(&mut self, original_args: impl uucore::Args) -> UResult<()> {
        let ParsedArguments {
            original_args,
            matches,
            #[cfg(all(unix, not(target_os = "fuchsia")))]
            signal_apply_all,
        } = self.parse_arguments(original_args)?;

        self.do_debug_printing = self.do_debug_printing || (0 != matches.get_count("debug"));
        self.do_input_debug_printing = self
            .do_input_debug_printing
            .or(Some(matches.get_count("debug") >= 2));
        if Some(true) == self.do_input_debug_printing {
            debug_print_args(&original_args);
            self.do_input_debug_printing = Some(false);
        }

        let mut opts = make_options(
            &matches,
            #[cfg(all(unix, not(target_os = "fuchsia")))]
            &signal_apply_all,
        )?;

        // NOTE: we manually set and unset the env vars below rather than using Command::env() to more
        //       easily handle the case where no command is given

        apply_removal_of_all_env_vars(&opts);

        // load .env-style config file prior to those given on the command-line
        load_config_file(&mut opts)?;

        apply_unset_env_vars(&opts)?;

        apply_specified_env_vars(&opts);

        #[cfg(all(unix, not(target_os = "fuchsia")))]
        {
            let mut signal_action_log = SignalActionLog::default();
            apply_signal_action(
                &opts.default_signal,
                &mut signal_action_log,
                SignalActionKind::Default,
                reset_signal,
            )?;
            apply_signal_action(
                &opts.ignore_signal,
                &mut signal_action_log,
                SignalActionKind::Ignore,
                ignore_signal,
            )?;
            apply_signal_action(
                &opts.block_signal,
                &mut signal_action_log,
                SignalActionKind::Block,
                block_signal,
            )?;
            if opts.list_signal_handling {
                list_signal_handling(&signal_action_log);
            }
        }

        apply_change_directory(&opts)?;
        if opts.program.is_empty() {
            // no program provided, so just dump all env vars to stdout
            print_all_env_vars(opts.line_ending)?;
        } else {
            return self.run_program(&opts, self.do_debug_printing);
        }

        Ok(())
    }

    /// Run the program specified by the options.
    ///
    /// Note that the env command must exec the program, not spawn it. See
    /// <https://github.com/uutils/coreutils/issues/8361> for more information.
    ///
    /// Exit status:
    /// - 125: if the env command itself fails
    /// - 126: if the program is found but cannot be invoked
    /// - 127: if the program cannot be found
    fn run_program(
        &mut self,
        opts: &Options<'_>,
        do_debug_printing: bool,
    ) -> Result<(), Box<dyn UError>> {
        let prog = Cow::from(opts.program[0]);

        let arg0 = match opts.argv0 {
            None => prog.clone(),
            Some(argv0) if cfg!(unix) => {
                let arg0 = Cow::Borrowed(argv0);
                if do_debug_printing {
                    let _ = writeln!(stderr(), "argv0:     {}", arg0.quote());
                }
                arg0
            }
            Some(_) => {
                return Err(USimpleError::new(
                    2,
                    translate!("env-error-argv0-not-supported"),
                ));
            }
        };

        let args = &opts.program[1..];

        if do_debug_printing {
            let mut error = stderr().lock();
            let _ = writeln!(error, "executing: {}", prog.maybe_quote());
            let arg_prefix = "   arg";
            let _ = writeln!(error, "{arg_prefix}[{}]= {}", 0, arg0.quote());
            for (i, arg) in args.iter().enumerate() {
                let _ = writeln!(error, "{arg_prefix}[{}]= {}", i + 1, arg.quote());
            }
        }

        #[cfg(unix)]
        {
            // Use execvp() directly to preserve signal handlers set by apply_signal_action().
            // Command::exec() would reset SIGPIPE, interfering with --ignore-signal=PIPE.

            // Convert program name to CString.
            let prog_os: &OsStr = prog.as_ref();
            let Ok(prog_cstring) = CString::new(prog_os.as_bytes()) else {
                return Err(self.make_error_no_such_file_or_dir(&prog));
            };

            // Prepare arguments for execvp.
            let mut argv = Vec::new();

            // Convert arg0 to CString.
            let arg0_os: &OsStr = arg0.as_ref();
            let Ok(arg0_cstring) = CString::new(arg0_os.as_bytes()) else {
                return Err(self.make_error_no_such_file_or_dir(&prog));
            };
            argv.push(arg0_cstring);

            // Convert remaining arguments to CString.
            for arg in args {
                let arg_os = arg;
                let Ok(arg_cstring) = CString::new(arg_os.as_bytes()) else {
                    return Err(self.make_error_no_such_file_or_dir(&prog));
                };
                argv.push(arg_cstring);
            }

            // Execute the program using execvp. this replaces the current
            // process. The execvp function takes care of appending a NULL
            // argument to the argument list so that we don't have to.
            // unwrap_err since execvp should never return on success
            match execvp(&prog_cstring, &argv).unwrap_err() {
                nix::errno::Errno::ENOENT => Err(self.make_error_no_such_file_or_dir(&prog)),
                e => {
                    uucore::show_error!("{}: {}", prog.quote(), strip_errno(&e.into()));
                    Err(126.into())
                }
            }
        }

        #[cfg(not(unix))]
        {
            // Sandbox: the program starts through the kernel's spawn, with this process's
            // environment and directory (see vendor/README.md); a child killed by a
            // signal is reported as a shell would, 128 + the signal.
            let mut cmd = sandbox_spawn::Command::new(&*prog);
            cmd.args(args);

            match cmd.status() {
                Ok(exit) if !exit.success() => Err(exit.shell_code().into()),
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::NotFound | io::ErrorKind::InvalidInput
                    ) =>
                {
                    Err(self.make_error_no_such_file_or_dir(&prog))
                }
                Err(e) => {
                    uucore::show_error!("{}: {}", prog.quote(), strip_errno(&e));
                    Err(126.into())
                }
                Ok(_) => Ok(()),
            }
        }
    }
}

fn apply_removal_of_all_env_vars(opts: &Options<'_>) {
    // remove all env vars if told to ignore presets
    if opts.ignore_env {
        for (ref name, _) in env::vars_os() {
            unsafe {
                env::remove_var(name);
            }
        }
    }
}

#[cfg_attr(not(unix), allow(clippy::elidable_lifetime_names))]
fn make_options<'a>(
    matches: &'a clap::ArgMatches,
    #[cfg(all(unix, not(target_os = "fuchsia")))] signal_apply_all: &BTreeSet<&'static str>,
) -> UResult<Options<'a>> {
    let ignore_env = matches.get_flag("ignore-environment");
    let line_ending = LineEnding::from_zero_flag(matches.get_flag("null"));
    let running_directory = matches
        .get_one::<OsString>("chdir")
        .map(OsString::as_os_str);
    let files = match matches.get_many::<OsString>("file") {
        Some(v) => v.map(OsString::as_os_str).collect(),
        None => Vec::new(),
    };
    let unsets = match matches.get_many::<OsString>("unset") {
        Some(v) => v.map(OsString::as_os_str).collect(),
        None => Vec::new(),
    };
    let argv0 = matches
        .get_one::<OsString>("argv0")
        .map(OsString::as_os_str);

    #[cfg(all(unix, not(target_os = "fuchsia")))]
    let ignore_signal = build_signal_request(matches, options::IGNORE_SIGNAL, signal_apply_all)?;
    #[cfg(all(unix, not(target_os = "fuchsia")))]
    let default_signal = build_signal_request(matches, options::DEFAULT_SIGNAL, signal_apply_all)?;
    #[cfg(all(unix, not(target_os = "fuchsia")))]
    let block_signal = build_signal_request(matches, options::BLOCK_SIGNAL, signal_apply_all)?;
    #[cfg(all(unix, not(target_os = "fuchsia")))]
    let list_signal_handling = matches.get_flag(options::LIST_SIGNAL_HANDLING);

    let mut opts = Options {
        ignore_env,
        line_ending,
        running_directory,
        files,
        unsets,
        sets: vec![],
        program: vec![],
        argv0,
        #[cfg(all(unix, not(target_os = "fuchsia")))]
        ignore_signal,
        #[cfg(all(unix, not(target_os = "fuchsia")))]
        default_signal,
        #[cfg(all(unix, not(target_os = "fuchsia")))]
        block_signal,
        #[cfg(all(unix, not(target_os = "fuchsia")))]
        list_signal_handling,
    };

    let mut begin_prog_opts = false;
    if let Some(mut iter) = matches.get_many::<OsString>("vars") {
        // read NAME=VALUE arguments (and up to a single program argument)
        while !begin_prog_opts {
            if let Some(opt) = iter.next() {
                if opt == "-" {
                    opts.ignore_env = true;
                } else {
                    begin_prog_opts = parse_name_value_opt(&mut opts, opt)?;
                }
            } else {
                break;
            }
        }

        // read any leftover program arguments
        for opt in iter {
            parse_program_opt(&mut opts, opt)?;
        }
    }

    Ok(opts)
}

fn apply_unset_env_vars(opts: &Options<'_>) -> Result<(), Box<dyn UError>> {
    for name in &opts.unsets {
        let native_name = NativeStr::new(name);
        if name.is_empty()
            || native_name.contains('\0').unwrap()
            || native_name.contains('=').unwrap()
        {
            return Err(USimpleError::new(
                125,
                translate!("env-error-cannot-unset-invalid", "name" => name.quote()),
            ));
        }
        unsafe {
            env::remove_var(name);
        }
    }
    Ok(())
}

fn apply_change_directory(opts: &Options<'_>) -> Result<(), Box<dyn UError>> {
    // GNU env tests this behavior
    if opts.program.is_empty() && opts.running_directory.is_some() {
        return Err(UUsageError::new(
            125,
            translate!("env-error-must-specify-command-with-chdir"),
        ));
    }

    if let Some(d) = opts.running_directory {
        match env::set_current_dir(d) {
            Ok(()) => d,
            Err(error) => {
                return Err(USimpleError::new(
                    125,
                    translate!("env-error-cannot-change-directory", "directory" => d.quote(), "error" => error),
                ));
            }
        };
    }
    Ok(())
}

fn apply_specified_env_vars(opts: &Options<'_>) {
    // set specified env vars
    for (name, val) in &opts.sets {
        /*
         * set_var panics if name is an empty string
         * set_var internally calls setenv (on unix at least), while GNU env calls putenv instead.
         *
         * putenv returns successfully if provided with something like "=a" and modifies the environ
         * variable to contain "=a" inside it, effectively modifying the process' current environment
         * to contain a malformed string in it. Using GNU's implementation, the command `env =a`
         * prints out the malformed string and even invokes the child process with that environment.
         * This can be seen by using `env -i =a env` or `env -i =a cat /proc/self/environ`
         *
         * POSIX.1-2017 doesn't seem to mention what to do if the string is malformed (at least
         * not in "Chapter 8, Environment Variables" or in the definition for environ and various
         * exec*'s or in the description of env in the "Shell & Utilities" volume).
         *
         * It also doesn't specify any checks for putenv before modifying the environ variable, which
         * is likely why glibc doesn't do so. However, the first set_var argument cannot point to
         * an empty string or a string containing '='.
         *
         * There is no benefit in replicating GNU's env behavior, since it will only modify the
         * environment in weird ways
         */

        if name.is_empty() {
            show_warning!(
                "{}",
                translate!("env-warning-no-name-specified", "value" => val.quote())
            );
            continue;
        }
        unsafe {
            env::set_var(name, val);
        }
    }
}

#[cfg(all(unix, not(target_os = "fuchsia")))]
fn apply_signal_action<F>(
    request: &SignalRequest,
    log: &mut SignalActionLog,
    action_kind: SignalActionKind,
    signal_fn: F,
) -> UResult<()>
where
    F: Fn(usize) -> UResult<()>,
{
    request.for_each_signal(|sig_value, explicit| {
        // On some platforms ALL_SIGNALS may contain values that are not valid in libc.
        // Skip those invalid ones and continue (GNU env also ignores undefined signals).
        if !signal_is_valid(sig_value) {
            return Ok(());
        }

        signal_fn(sig_value)?;
        log.record(sig_value, action_kind, explicit);

        // Set environment variable to communicate to Rust child processes
        // that SIGPIPE should be default (not ignored)
        if matches!(action_kind, SignalActionKind::Default) && sig_value == libc::SIGPIPE as usize {
            unsafe {
                env::set_var("RUST_SIGPIPE", "default");
            }
        }

        Ok(())
    })
}

#[cfg(all(unix, not(target_os = "fuchsia")))]
fn ignore_signal(sig: usize) -> UResult<()> {
    // SAFETY: This is safe because we write the handler for each signal only once, and therefore "the current handler is the default", as the documentation requires it.
    // nix::sys::signal::Signal does not cover real-time signals, so we need to call
    // libc::signal directly.
    let result = unsafe {
        let res = libc::signal(sig as core::ffi::c_int, libc::SIG_IGN);
        nix::errno::Errno::result(res)
    };
    if let Err(err) = result {
        return Err(USimpleError::new(
            125,
            translate!("env-error-failed-set-signal-action", "signal" => (sig as i32), "error" => err.desc()),
        ));
    }
    Ok(())
}

#[cfg(all(unix, not(target_os = "fuchsia")))]
fn reset_signal(sig: usize) -> UResult<()> {
    // nix::sys::signal::Signal does not cover real-time signals, so we need to call
    // libc::signal directly.
    let result = unsafe {
        let res = libc::signal(sig as core::ffi::c_int, libc::SIG_DFL);
        nix::errno::Errno::result(res)
    };
    if let Err(err) = result {
        return Err(USimpleError::new(
            125,
            translate!("env-error-failed-set-signal-action", "signal" => (sig as i32), "error" => err.desc()),
        ));
    }
    Ok(())
}

#[cfg(all(unix, not(target_os = "fuchsia")))]
fn sigset_from_signal_value(sig: usize) -> UResult<SigSet> {
    // nix::sys::signal::Signal does not cover real time signals, so we need to build
    // sigset_t manually using libc.
    let mut sigset: libc::sigset_t = unsafe { zeroed() };

    if let Err(err) = unsafe { nix::errno::Errno::result(libc::sigemptyset(&raw mut sigset)) } {
        return Err(USimpleError::new(
            125,
            translate!(
                "env-error-failed-set-signal-action",
                "signal" => (sig as i32),
                "error" => err.desc()
            ),
        ));
    }

    if let Err(err) = unsafe {
        nix::errno::Errno::result(libc::sigaddset(&raw mut sigset, sig as core::ffi::c_int))
    } {
        return Err(USimpleError::new(
            125,
            translate!(
                "env-error-failed-set-signal-action",
                "signal" => (sig as i32),
                "error" => err.desc()
            ),
        ));
    }

    Ok(unsafe { SigSet::from_sigset_t_unchecked(sigset) })
}

#[cfg(all(unix, not(target_os = "fuchsia")))]
fn block_signal(sig: usize) -> UResult<()> {
    let set = sigset_from_signal_value(sig)?;

    if let Err(err) = sigprocmask(SigmaskHow::SIG_BLOCK, Some(&set), None) {
        return Err(USimpleError::new(
            125,
            translate!(
                "env-error-failed-set-signal-action",
                "signal" => (sig as i32),
                "error" => err.desc()
            ),
        ));
    }
    Ok(())
}

#[cfg(all(unix, not(target_os = "fuchsia")))]
fn list_signal_handling(log: &SignalActionLog) {
    for (&sig_value, record) in &log.records {
        if !record.explicit {
            continue;
        }
        let action = match record.kind {
            SignalActionKind::Default => "DEFAULT",
            SignalActionKind::Ignore => "IGNORE",
            SignalActionKind::Block => "BLOCK",
        };
        let signal_name = signal_name_by_value(sig_value).unwrap_or("?".to_string());
        eprintln!("{signal_name:<10} ({}): {action}", sig_value as i32);
    }
}

#[uucore::main]
pub fn uumain(args: impl uucore::Args) -> UResult<()> {
    EnvAppData::default().run_env(args)
}

#[cfg(test)]
mod tests {
    use super::*;
    use uucore::locale;

    #[test]
    fn test_split_string_environment_vars_test() {
        unsafe { env::set_var("FOO", "BAR") };
        assert_eq!(
            NCvt::convert(vec!["FOO=bar", "sh", "-c", "echo xBARx =$FOO="]),
            parse_args_from_str(&NCvt::convert(r#"FOO=bar sh -c "echo x${FOO}x =\$FOO=""#))
                .unwrap(),
        );
    }

    #[test]
    fn test_split_string_misc() {
        assert_eq!(
            NCvt::convert(vec!["A=B", "FOO=AR", "sh", "-c", "echo $A$FOO"]),
            parse_args_from_str(&NCvt::convert(r#"A=B FOO=AR  sh -c "echo \$A\$FOO""#)).unwrap(),
        );
        assert_eq!(
            NCvt::convert(vec!["A=B", "FOO=AR", "sh", "-c", "echo $A$FOO"]),
            parse_args_from_str(&NCvt::convert(r"A=B FOO=AR  sh -c 'echo $A$FOO'")).unwrap()
        );
        assert_eq!(
            NCvt::convert(vec!["A=B", "FOO=AR", "sh", "-c", "echo $A$FOO"]),
            parse_args_from_str(&NCvt::convert(r"A=B FOO=AR  sh -c 'echo $A$FOO'")).unwrap()
        );

        assert_eq!(
            NCvt::convert(vec!["-i", "A=B ' C"]),
            parse_args_from_str(&NCvt::convert(r"-i A='B \' C'")).unwrap()
        );
    }

    #[test]
    fn test_error_cases() {
        let _ = locale::setup_localization("env");

        // Test EnvBackslashCNotAllowedInDoubleQuotes
        let result = parse_args_from_str(&NCvt::convert(r#"sh -c "echo \c""#));
        assert!(result.is_err());
        assert_eq!(
            result.unwrap_err().to_string(),
            "'\\c' must not appear in double-quoted -S string at position 13"
        );

        // Test EnvInvalidBackslashAtEndOfStringInMinusS
        let result = parse_args_from_str(&NCvt::convert(r#"sh -c "echo \"#));
        assert!(result.is_err());
        assert_eq!(
            result.unwrap_err().to_string(),
            "no terminating quote in -S string at position 13 for quote '\"'"
        );

        // Test EnvInvalidSequenceBackslashXInMinusS
        let result = parse_args_from_str(&NCvt::convert(r#"sh -c "echo \x""#));
        assert!(result.is_err());
        assert!(
            result
                .unwrap_err()
                .to_string()
                .contains("invalid sequence '\\x' in -S")
        );

        // Test EnvMissingClosingQuote
        let result = parse_args_from_str(&NCvt::convert(r#"sh -c "echo "#));
        assert!(result.is_err());
        assert_eq!(
            result.unwrap_err().to_string(),
            "no terminating quote in -S string at position 12 for quote '\"'"
        );

        // Test variable-related errors
        let result = parse_args_from_str(&NCvt::convert(r"echo ${FOO"));
        assert!(result.is_err());
        assert!(
            result
                .unwrap_err()
                .to_string()
                .contains("only ${VARNAME} expansion is supported, error at: ${FOO")
        );

        let result = parse_args_from_str(&NCvt::convert(r"echo ${FOO:-value}"));
        assert!(result.is_err());
        assert!(
            result
                .unwrap_err()
                .to_string()
                .contains("only ${VARNAME} expansion is supported")
        );

        let result = parse_args_from_str(&NCvt::convert(r"echo $FOO"));
        assert!(result.is_err());
        assert!(
            result
                .unwrap_err()
                .to_string()
                .contains("only ${VARNAME} expansion is supported")
        );
        let result = parse_args_from_str(&NCvt::convert(r"echo ${1FOO}"));
        assert!(result.is_err());
        assert!(
            result
                .unwrap_err()
                .to_string()
                .contains("only ${VARNAME} expansion is supported, error at: ${1FOO}")
        );

        let result = parse_args_from_str(&NCvt::convert(r"echo ${FOO?}"));
        assert!(result.is_err());
        assert!(
            result
                .unwrap_err()
                .to_string()
                .contains("only ${VARNAME} expansion is supported")
        );
    }
}
