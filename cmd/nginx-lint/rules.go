package main

import (
	"encoding/json"
	"fmt"
	"strings"
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
				tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "ID\tSEVERITY\tDEFAULT\tFIXABLE\tTITLE")
				for _, r := range all {
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.ID, r.Severity, onOff(r.Default), yesNo(r.Fixable), r.Title)
				}
				return tw.Flush()
			}
			return fmt.Errorf("unknown format %q (want text or json)", format)
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

func newExplainCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "explain RULE",
		Short: "Print a rule's documentation",
		Example: `  nginx-lint explain localhost-upstream
  nginx-lint explain resolver-ipv6`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			r := analyzer.Lookup(strings.TrimSpace(args[0]))
			if r == nil {
				return fmt.Errorf("unknown rule %q (see `nginx-lint rules`)", args[0])
			}
			_, err := fmt.Fprint(cmd.OutOrStdout(), r.Doc)
			return err
		},
	}
}
