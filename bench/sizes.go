package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"

	"github.com/andybalholm/brotli"
)

// Sizes are the bytes a page downloads, raw and compressed.
type Sizes struct {
	Files  []string `json:"files"`
	Raw    int      `json:"raw"`
	Gzip   int      `json:"gzip9"`
	Brotli int      `json:"brotli11"`
}

// measureSizes reads files and compresses each one separately, as a server
// would send them, with gzip -9 and brotli 11.
func measureSizes(files ...string) (Sizes, error) {
	s := Sizes{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return s, fmt.Errorf("bundle file missing (run make wasm): %w", err)
		}
		s.Files = append(s.Files, filepath.Base(f))
		s.Raw += len(b)
		var gz bytes.Buffer
		w, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
		w.Write(b)
		w.Close()
		s.Gzip += gz.Len()
		var br bytes.Buffer
		bw := brotli.NewWriterLevel(&br, brotli.BestCompression)
		bw.Write(b)
		bw.Close()
		s.Brotli += br.Len()
	}
	return s, nil
}
