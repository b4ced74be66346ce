//! A runtime that attacks the kernel instead of serving a program. The end-to-end tests
//! install it as `sandbox-wasm` in a runtime directory of their own, so the real
//! `kernel` spawns it over real rings; what it does is read from a trailer the test
//! appends to the executable (`tests::HOSTILE_MODE_TAG`): the kernel gives a runtime no
//! arguments or environment, and the confined kernel lets it read nothing of the host
//! but its own binary.
//!
//! Every mode must end with the kernel alive, reporting why, and exiting with a status
//! of its own choosing — never crashing or hanging.

use std::num::NonZeroUsize;
use std::os::fd::{AsFd, BorrowedFd};
use std::time::Duration;

use nix::sys::mman::{mmap, MapFlags, ProtFlags};
use syscall_proto::client::Client;
use syscall_proto::proc::{Hello, ProcRequest, RuntimeKind, SpawnRequest};
use syscall_proto::ring::layout;
use syscall_proto::ring::{ChildFds, Endpoint};
use syscall_proto::time::{Clock, TimeRequest};
use syscall_proto::{codec, Reply, Request, ToKernel};

/// The mode from the trailer at the end of this executable.
fn mode() -> String {
    use std::io::{Read, Seek, SeekFrom};
    let mut exe = std::fs::File::open("/proc/self/exe").expect("open own executable");
    exe.seek(SeekFrom::End(-256)).expect("seek");
    let mut tail = Vec::new();
    exe.read_to_end(&mut tail).expect("read");
    let tail = String::from_utf8_lossy(&tail);
    let at = tail.rfind(tests::HOSTILE_MODE_TAG).expect("a mode trailer");
    tail[at + tests::HOSTILE_MODE_TAG.len()..].trim().to_owned()
}

fn main() {
    match mode().as_str() {
        // Bytes that are no message at all, after a proper handshake.
        "garbage" => {
            let mut ep = handshake();
            ep.send(&[0xff; 64]).expect("send");
            linger();
        }
        // A well-formed request before the handshake.
        "no-hello" => {
            let mut ep = Endpoint::attach(ChildFds::inherited().expect("fds")).expect("attach");
            let msg = ToKernel {
                id: 1,
                request: Request::Time(TimeRequest::Now { clock: Clock::Realtime }),
            };
            ep.send(&codec::encode(&msg)).expect("send");
            linger();
        }
        // A protocol version the kernel does not speak.
        "bad-version" => {
            let mut ep = Endpoint::attach(ChildFds::inherited().expect("fds")).expect("attach");
            let hello = Hello { version: 999, runtime: RuntimeKind::Wasm };
            let msg = ToKernel { id: 1, request: Request::Proc(ProcRequest::Hello(hello)) };
            ep.send(&codec::encode(&msg)).expect("send");
            linger();
        }
        // The submission ring's tail moved far past anything the ring can hold.
        "corrupt-tail" => {
            let mem = map_shared();
            poke(mem, layout::SUB_CTRL + layout::CTRL_TAIL, u64::MAX - 7);
            ring_kernel_bell();
            linger();
        }
        // A frame whose header claims far more bytes than were published.
        "lying-length" => {
            let mem = map_shared();
            poke(mem, layout::HEADER_SIZE, 1 << 30); // len = 1 GiB, no flags
            poke(mem, layout::SUB_CTRL + layout::CTRL_TAIL, 16);
            ring_kernel_bell();
            linger();
        }
        // Dies in the middle of a conversation, without reporting an exit.
        "die" => {
            let mut ep = handshake();
            let msg = ToKernel {
                id: 2,
                request: Request::Time(TimeRequest::Sleep { nanos: 60_000_000_000 }),
            };
            ep.send(&codec::encode(&msg)).expect("send");
            std::thread::sleep(Duration::from_millis(50));
            std::process::exit(3);
        }
        // Attaches and then says nothing at all.
        "silent" => {
            let _ep = Endpoint::attach(ChildFds::inherited().expect("fds")).expect("attach");
            linger();
        }
        // Init spawns a second copy of this runtime, which floods the kernel with
        // requests and never reads a reply; init then checks the kernel still serves
        // it, kills the flooder, and reaps it. Init's exit status says what it saw.
        "flood" => flood(),
        other => panic!("unknown hostile mode {other:?}"),
    }
}

fn flood() {
    let mut client = Client::from_inherited_fds().expect("attach");
    let start = client.hello(RuntimeKind::Wasm).expect("handshake");
    if start.pid != 1 {
        // The flooder: submissions until the rings are full, then blocked for good.
        let mut ep = client.into_endpoint();
        for id in 1.. {
            let msg = ToKernel {
                id,
                request: Request::Time(TimeRequest::Now { clock: Clock::Realtime }),
            };
            if ep.send(&codec::encode(&msg)).is_err() {
                break;
            }
        }
        linger();
    }
    let mut call = |request: Request| client.call(request).expect("the kernel answers init");
    let spawn = SpawnRequest {
        program: b"/app/victim.wasm".to_vec(),
        argv: vec![b"victim".to_vec()],
        env: Vec::new(),
        cwd: None,
        fd_actions: Vec::new(),
        pgroup: None,
        setsid: false,
    };
    let Ok(Reply::Pid(child)) = call(Request::Proc(ProcRequest::Spawn(Box::new(spawn)))) else {
        std::process::exit(10);
    };
    // Time for the flooder to fill both rings.
    let _ = call(Request::Time(TimeRequest::Sleep { nanos: 300_000_000 }));
    for _ in 0..100 {
        if call(Request::Proc(ProcRequest::GetPid)) != Ok(Reply::Fd(1)) {
            std::process::exit(11);
        }
    }
    if call(Request::Proc(ProcRequest::Kill { pid: child, signo: 9 })) != Ok(Reply::Unit) {
        std::process::exit(12);
    }
    let code = match call(Request::Proc(ProcRequest::Wait { pid: child, options: 0 })) {
        // Killed by SIGKILL, in wait-status encoding.
        Ok(Reply::Waited { pid, status: 9 }) if pid == child => 0,
        _ => 13,
    };
    let _ = call(Request::Proc(ProcRequest::Exit { code }));
    std::process::exit(code);
}

fn handshake() -> Endpoint {
    // The client is used for the handshake only; the attack then speaks raw bytes.
    let mut client = Client::from_inherited_fds().expect("attach");
    client.hello(RuntimeKind::Wasm).expect("handshake");
    client.into_endpoint()
}

/// Waits to be killed; exiting by itself would hide whether the kernel reacted.
fn linger() -> ! {
    std::thread::sleep(Duration::from_secs(30));
    eprintln!("hostile-runtime: the kernel never reacted");
    std::process::exit(99);
}

fn map_shared() -> *mut u8 {
    // SAFETY: fd 3 is the ring memfd the kernel installed for us.
    let fd = unsafe { BorrowedFd::borrow_raw(3) };
    let len = nix::sys::stat::fstat(fd).expect("fstat memfd").st_size as usize;
    // SAFETY: a fresh shared mapping of the whole memfd; nothing else in this process
    // aliases it.
    let ptr = unsafe {
        mmap(
            None,
            NonZeroUsize::new(len).expect("non-empty"),
            ProtFlags::PROT_READ | ProtFlags::PROT_WRITE,
            MapFlags::MAP_SHARED,
            fd.as_fd(),
            0,
        )
    }
    .expect("mmap");
    ptr.as_ptr().cast()
}

fn poke(mem: *mut u8, offset: usize, value: u64) {
    // SAFETY: `offset` is inside the header page or the first data page, both mapped;
    // the kernel reads these words atomically, and a torn read is part of the attack.
    unsafe { mem.add(offset).cast::<u64>().write_volatile(value) };
}

fn ring_kernel_bell() {
    // SAFETY: fd 4 is the kernel's doorbell eventfd, installed for us.
    let bell = unsafe { BorrowedFd::borrow_raw(4) };
    nix::unistd::write(bell, &1u64.to_ne_bytes()).expect("ring the kernel's doorbell");
}
