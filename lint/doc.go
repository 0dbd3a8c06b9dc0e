// Package lint is nginx-lint's engine: everything between "these inputs
// and these options" and "these findings and fixes". The CLI
// (cmd/nginx-lint), the language server (internal/lsp) and the browser
// playground call it; they add only flags, protocols and output.
//
// Two ways in:
//
//   - A Check checks paths as `nginx-lint check` does. NewCheck takes the
//     paths (files, directories, "-" for standard input), the Settings (the
//     check flags; a .nginx-lint.yaml fills those not Given) and an Env
//     (standard input, where notes go). Check.Lint walks directories,
//     reads Kubernetes manifests and nginx -T dumps, gives each file the
//     settings of its nearest configuration file, checks each root
//     configuration once with its includes (a file another one includes is
//     checked there, in context) and applies baselines. Check.Fix applies
//     fixes atomically, or as a diff. Outcome.Report is what the reporter
//     package renders.
//   - An Engine lints one file at a time, as an editor does: give it the
//     options once, tell it which files have text that differs from the
//     disk (SetOverlay), and ask for the findings of a file (Lint,
//     LintText), the fixes that apply to them (FixAll, which writes
//     nothing) or the edit that suppresses one (IgnoreEdit). FileConfigs
//     gives it each file's settings from the nearest .nginx-lint.yaml
//     (Options.ConfigFor) and reads them again on Reload; Resolve gives
//     the configuration of Settings under a ProjectConfig parsed from text
//     (the playground's .nginx-lint.yaml tab).
//
// The configuration file itself is read by LoadConfig (FindConfig finds
// it, ParseConfig parses it; errors name the file and line); ProjectConfig
// renders the settings in force (Effective) and ConfigTemplate is what
// `nginx-lint config init` writes. Baselines are read and written by
// ReadBaseline and WriteBaseline.
//
// The package holds no global state: two Checks or Engines with different
// settings run side by side in one process. An Engine and a FileConfigs
// are safe for concurrent use; a Check is used by one goroutine (it runs
// its own workers, Settings.Jobs). What belongs to the process stays with
// the program: the CLI's memory budget is told the text held through
// Env.TextHeld, and signals are the CLI's. The package builds for
// GOOS=js GOARCH=wasm.
package lint
