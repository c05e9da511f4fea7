//! Thin entry point: parse the command line, run, print errors, exit.

fn main() {
    let code = match agora::cli::run(std::env::args_os()) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("{e}");
            e.exit_code()
        }
    };
    std::process::exit(code);
}
