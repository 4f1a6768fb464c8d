use clap::Parser;

fn main() {
    let cli = cfn2tf::cli::Cli::parse();
    std::process::exit(cfn2tf::cli::run(cli));
}
