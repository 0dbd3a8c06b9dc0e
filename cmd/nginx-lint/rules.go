package main

import (
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/rules"
)

func newRulesCmd() *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "rules",
		Short: "List every rule: id, severity, default, fixable, title",
		Example: `  nginx-lint rules
  nginx-lint rules --format json | jq -r '.[] | select(.default) | .id'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			all := rules.All()
			switch format {
			case "json":
				type row struct {
					ID       string `json:"id"`
					Title    string `json:"title"`
					Severity string `json:"severity"`
					Default  bool   `json:"default"`
					Fixable  bool   `json:"fixable"`
				}
				out := []row{}
				for _, r := range all {
					out = append(out, row{r.ID, r.Title, r.Severity.String(), r.Default, r.Fixable})
				}
				enc := json.NewEncoder(cmd.OutOrStdout())
				enc.SetIndent("", "  ")
				return enc.Encode(out)
			case "text", "":
				return ruleTable(cmd.OutOrStdout(), all)
			}
			return oneOf("format", format, "text", "json")
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// ruleTable prints the rules as the text of `nginx-lint rules`.
func ruleTable(w io.Writer, all []*analyzer.Rule) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSEVERITY\tDEFAULT\tFIXABLE\tTITLE")
	for _, r := range all {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.ID, r.Severity, onOff(r.Default), yesNo(r.Fixable), r.Title)
	}
	return tw.Flush()
}

func newExplainCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "explain [RULE]",
		Short: "Print a rule's documentation (without RULE, list the rules)",
		Long: `Print a rule's documentation. RULE is a rule id as nginx-lint rules lists
it; gixy's spelling of the same check (add_header_redefinition) is
accepted. Without RULE, the rules are listed.`,
		Example: `  nginx-lint explain localhost-upstream
  nginx-lint explain add_header_redefinition
  nginx-lint explain`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				if err := ruleTable(cmd.OutOrStdout(), rules.All()); err != nil {
					return err
				}
				_, err := fmt.Fprintln(cmd.OutOrStdout(), "\nnginx-lint explain RULE prints one rule's documentation.")
				return err
			}
			_ = rules.All() // registers every rule
			r := analyzer.LookupLoose(args[0])
			if r == nil {
				return fmt.Errorf("unknown rule %q%s (nginx-lint explain without a rule lists them)", args[0], analyzer.DidYouMean(args[0], analyzer.RuleIDs()))
			}
			_, err := fmt.Fprint(cmd.OutOrStdout(), r.Documentation())
			return err
		},
	}
}
