package server

import (
	"embed"
	"io/fs"
	"net/http"
)

// The web page's files are embedded: no CDN, no build step.
//
//go:embed web
var webFS embed.FS

func (s *Server) page(w http.ResponseWriter, r *http.Request) error {
	b, err := webFS.ReadFile("web/index.html")
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'")
	_, err = w.Write(b)
	return err
}

func (s *Server) static() http.Handler {
	sub, _ := fs.Sub(webFS, "web")
	return http.StripPrefix("/static/", http.FileServerFS(sub))
}
