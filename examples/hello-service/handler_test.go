package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestHealthz(t *testing.T) {
	rec := httptest.NewRecorder()
	newHandler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/healthz", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d", rec.Code)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q", ct)
	}
	if got, want := rec.Body.String(), `{"status":"ok","version":"dev","commit":"none"}`+"\n"; got != want {
		t.Errorf("body %q, want %q", got, want)
	}
	var body map[string]string
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatal(err)
	}
	if len(rec.Header().Get("X-Hello-Selfcheck")) != 16 {
		t.Errorf("X-Hello-Selfcheck %q", rec.Header().Get("X-Hello-Selfcheck"))
	}
}

func TestHealthzReportsBuildVariables(t *testing.T) {
	oldV, oldC := version, commit
	defer func() { version, commit = oldV, oldC }()
	version, commit = "v1.2.3", "abc1234"
	rec := httptest.NewRecorder()
	newHandler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/healthz", nil))
	var body healthBody
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatal(err)
	}
	if body != (healthBody{Status: "ok", Version: "v1.2.3", Commit: "abc1234"}) {
		t.Errorf("body %+v", body)
	}
}

func TestRoutes(t *testing.T) {
	tests := []struct {
		method, path string
		code         int
		contains     string
	}{
		{http.MethodGet, "/", 200, "hello from hello-service dev"},
		{http.MethodHead, "/", 200, ""},
		{http.MethodHead, "/healthz", 200, ""},
		{http.MethodPost, "/healthz", 405, "method not allowed"},
		{http.MethodPost, "/", 405, "method not allowed"},
		{http.MethodGet, "/nope", 404, "not found"},
	}
	h := newHandler()
	for _, tt := range tests {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(tt.method, tt.path, nil))
		if rec.Code != tt.code || !strings.Contains(rec.Body.String(), tt.contains) {
			t.Errorf("%s %s: %d %q, want %d containing %q", tt.method, tt.path, rec.Code, rec.Body.String(), tt.code, tt.contains)
		}
		if tt.code == 405 && rec.Header().Get("Allow") != "GET, HEAD" {
			t.Errorf("%s %s: Allow %q", tt.method, tt.path, rec.Header().Get("Allow"))
		}
	}
}
