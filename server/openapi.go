package server

import (
	_ "embed"
	"net/http"
)

// OpenAPI is the API's description, served at /openapi.yaml; a test
// checks it lists exactly the registered routes.
//
//go:embed openapi.yaml
var OpenAPI []byte

func (s *Server) openapi(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/yaml")
	_, err := w.Write(OpenAPI)
	return err
}
