//! Loads and checks `content/` with `oim-build` (a broken file stops the build with its name and
//! what to fix) and writes the page table the Worker embeds: `$OUT_DIR/site_data.rs`.

use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let opts = match oim_build::Options::from_env(root) {
        Ok(opts) => opts,
        Err(e) => fail(&[e]),
    };
    for input in [
        &opts.content_dir,
        &opts.static_dir,
        &root.join("wrangler.toml"),
    ] {
        println!("cargo:rerun-if-changed={}", input.display());
    }
    for var in oim_build::Options::ENV {
        println!("cargo:rerun-if-env-changed={var}");
    }
    let built = oim_build::build(&opts)
        .unwrap_or_else(|errors| fail(&errors.iter().map(|e| e.to_string()).collect::<Vec<_>>()));
    // File names serve build messages only: the wasm does not carry them.
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|a| a == "wasm32");
    let code = oim_build::codegen::table_code(&built, !wasm);
    let dest =
        Path::new(&std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into())).join("site_data.rs");
    if let Err(e) = std::fs::write(&dest, code) {
        fail(&[format!("cannot write {}: {e}", dest.display())]);
    }
}

fn fail(errors: &[String]) -> ! {
    eprintln!(
        "\nThe content has {} problem(s); the site was not built:\n",
        errors.len()
    );
    for e in errors {
        eprintln!("  error: {e}");
    }
    eprintln!();
    std::process::exit(1);
}
