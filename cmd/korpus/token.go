package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/korpus/korpus/store"
	"github.com/spf13/cobra"
)

type tokenOptions struct {
	IO    *IOStreams
	Store func() (*store.DB, error)

	Name     string
	Role     string
	Memories []string
	JSON     bool
}

func newTokenCmd(f *factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "token",
		Short: "Create, list and revoke the API tokens of korpus serve",
		Args:  noArgs,
		RunE:  func(cmd *cobra.Command, args []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newTokenCreateCmd(f), newTokenListCmd(f), newTokenRevokeCmd(f))
	return cmd
}

func newTokenCreateCmd(f *factory) *cobra.Command {
	opts := &tokenOptions{IO: f.IO, Store: f.Store}
	cmd := &cobra.Command{
		Use:   "create NAME --role read|write|admin [--memory A,B]",
		Short: "Create a token and print it (once: only its hash is stored)",
		Long: `Create the token NAME and print its secret on standard output. korpus
stores only a SHA-256 of it: copy it now, it cannot be shown again.

Roles: read (lookups, concordance, listing, export), write (also import,
edit, delete), admin (also memories and tokens). --memory limits the token
to the named memories.`,
		Example: `  korpus token create weblate --role read
  korpus token create alice --role write --memory legal,marketing`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Name = args[0]
			if store.RoleRank(opts.Role) == 0 {
				return usageErrorf("--role must be read, write or admin, not %q", opts.Role)
			}
			for _, m := range opts.Memories {
				if strings.TrimSpace(m) == "" {
					return usageErrorf("--memory: empty memory name")
				}
			}
			return tokenCreateRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Role, "role", "", "read, write or admin (required)")
	cmd.Flags().StringSliceVar(&opts.Memories, "memory", nil, "limit the token to these memories (comma-separated)")
	return cmd
}

func tokenCreateRun(ctx context.Context, opts *tokenOptions) error {
	db, err := opts.Store()
	if err != nil {
		return err
	}
	secret, err := db.CreateToken(ctx, opts.Name, opts.Role, opts.Memories)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(opts.IO.Out, secret)
	return err
}

func newTokenListCmd(f *factory) *cobra.Command {
	opts := &tokenOptions{IO: f.IO, Store: f.StoreExisting}
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the tokens (names, roles, memories; never the secrets)",
		Args:  noArguments,
		RunE: func(cmd *cobra.Command, args []string) error {
			db, err := opts.Store()
			if err != nil {
				return err
			}
			toks, err := db.Tokens(cmd.Context())
			if err != nil {
				return err
			}
			type tokJSON struct {
				Name     string   `json:"name"`
				Role     string   `json:"role"`
				Memories []string `json:"memories"`
				Created  string   `json:"created"`
				Revoked  string   `json:"revoked,omitempty"`
			}
			out := make([]tokJSON, 0, len(toks))
			for _, t := range toks {
				out = append(out, tokJSON{Name: t.Name, Role: t.Role, Memories: append([]string{}, t.Memories...), Created: jsonTime(t.Created), Revoked: jsonTime(t.Revoked)})
			}
			return newReportPrinter(opts.IO.Out, opts.JSON, func(w io.Writer, r []tokJSON) error {
				tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "NAME\tROLE\tMEMORIES\tCREATED\tREVOKED")
				for _, t := range r {
					m := strings.Join(t.Memories, ",")
					if m == "" {
						m = "(all)"
					}
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", t.Name, t.Role, m, t.Created, orDash(t.Revoked))
				}
				return tw.Flush()
			}).Print(out)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON")
	return cmd
}

func newTokenRevokeCmd(f *factory) *cobra.Command {
	opts := &tokenOptions{IO: f.IO, Store: f.StoreExisting}
	return &cobra.Command{
		Use:   "revoke NAME",
		Short: "Revoke a token: requests with it get 401 from then on",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			db, err := opts.Store()
			if err != nil {
				return err
			}
			return db.RevokeToken(cmd.Context(), args[0])
		},
	}
}
