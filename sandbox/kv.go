package sandbox

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
)

// kv is the small transactional key-value layer under the store. Two
// implementations exist: bbolt on disk (the default) and a map in memory
// (-memory), with the same semantics: update runs one serialised
// read-write transaction that is applied entirely or not at all, view runs a
// consistent read-only one, and scan visits keys in byte order.
type kv interface {
	update(fn func(tx) error) error
	view(fn func(tx) error) error
	close() error
}

// tx is one transaction. Values returned by get are copies the caller owns.
type tx interface {
	get(bucket, key string) []byte
	put(bucket, key string, value []byte) error
	del(bucket, key string) error
	scan(bucket, prefix string, fn func(key string, value []byte) error) error
}

// nextSeq increments and returns the named counter (1 first), inside t.
func nextSeq(t tx, name string) (uint64, error) {
	var n uint64
	if b := t.get(bSeq, name); len(b) == 8 {
		n = binary.BigEndian.Uint64(b)
	}
	n++
	return n, t.put(bSeq, name, binary.BigEndian.AppendUint64(nil, n))
}

var buckets = []string{bAccounts, bUserAccounts, bExternal, bTokens, bRecords, bCalls, bSeq, bIntegrations, bRuns}

const (
	bAccounts     = "accounts"      // id → account JSON
	bUserAccounts = "user_accounts" // user/app/id → ""
	bExternal     = "external"      // user/app/external_id → id
	bTokens       = "tokens"        // token → token JSON
	bRecords      = "records"       // provider data: app/ext/collection/id → JSON
	bCalls        = "calls"         // user/seq → call JSON
	bSeq          = "seq"           // sequences
)

// ---- bbolt ----

type boltKV struct{ db *bolt.DB }

// openBolt opens (or creates) dir/sandbox.db. bbolt gives us ACID
// transactions on a copy-on-write B+tree with fsync on commit, so a kill -9
// in the middle of a write leaves the last committed state.
func openBolt(dir string) (*boltKV, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	db, err := bolt.Open(filepath.Join(dir, "sandbox.db"), 0o600, &bolt.Options{Timeout: 2 * time.Second})
	if err != nil {
		return nil, err
	}
	err = db.Update(func(t *bolt.Tx) error {
		for _, b := range buckets {
			if _, err := t.CreateBucketIfNotExists([]byte(b)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		db.Close()
		return nil, err
	}
	return &boltKV{db: db}, nil
}

func (k *boltKV) update(fn func(tx) error) error {
	return k.db.Update(func(t *bolt.Tx) error { return fn(boltTx{t}) })
}

func (k *boltKV) view(fn func(tx) error) error {
	return k.db.View(func(t *bolt.Tx) error { return fn(boltTx{t}) })
}

func (k *boltKV) close() error { return k.db.Close() }

type boltTx struct{ t *bolt.Tx }

func (b boltTx) get(bucket, key string) []byte {
	v := b.t.Bucket([]byte(bucket)).Get([]byte(key))
	if v == nil {
		return nil
	}
	return bytes.Clone(v)
}

func (b boltTx) put(bucket, key string, value []byte) error {
	if value == nil {
		value = []byte{}
	}
	return b.t.Bucket([]byte(bucket)).Put([]byte(key), value)
}

func (b boltTx) del(bucket, key string) error {
	return b.t.Bucket([]byte(bucket)).Delete([]byte(key))
}

func (b boltTx) scan(bucket, prefix string, fn func(string, []byte) error) error {
	c := b.t.Bucket([]byte(bucket)).Cursor()
	p := []byte(prefix)
	for k, v := c.Seek(p); k != nil && bytes.HasPrefix(k, p); k, v = c.Next() {
		if err := fn(string(k), bytes.Clone(v)); err != nil {
			return err
		}
	}
	return nil
}

// ---- memory ----

// memKV keeps everything in maps behind one lock. An update records an undo
// log and rolls it back when fn fails, so it is as all-or-nothing as bbolt.
type memKV struct {
	mu   sync.RWMutex
	data map[string]map[string][]byte
}

func newMemKV() *memKV {
	m := &memKV{data: map[string]map[string][]byte{}}
	for _, b := range buckets {
		m.data[b] = map[string][]byte{}
	}
	return m
}

var errClosed = errors.New("store is closed")

func (m *memKV) update(fn func(tx) error) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.data == nil {
		return errClosed
	}
	t := &memTx{m: m, writable: true}
	if err := fn(t); err != nil {
		t.rollback()
		return err
	}
	return nil
}

func (m *memKV) view(fn func(tx) error) error {
	m.mu.RLock()
	defer m.mu.RUnlock()
	if m.data == nil {
		return errClosed
	}
	return fn(&memTx{m: m})
}

func (m *memKV) close() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.data = nil
	return nil
}

type undo struct {
	bucket, key string
	old         []byte
	existed     bool
}

type memTx struct {
	m        *memKV
	writable bool
	log      []undo
}

var errReadOnly = errors.New("write in a read-only transaction")

func (t *memTx) get(bucket, key string) []byte {
	v, ok := t.m.data[bucket][key]
	if !ok {
		return nil
	}
	return bytes.Clone(v)
}

func (t *memTx) remember(bucket, key string) {
	old, ok := t.m.data[bucket][key]
	t.log = append(t.log, undo{bucket: bucket, key: key, old: old, existed: ok})
}

func (t *memTx) put(bucket, key string, value []byte) error {
	if !t.writable {
		return errReadOnly
	}
	t.remember(bucket, key)
	t.m.data[bucket][key] = bytes.Clone(value)
	return nil
}

func (t *memTx) del(bucket, key string) error {
	if !t.writable {
		return errReadOnly
	}
	t.remember(bucket, key)
	delete(t.m.data[bucket], key)
	return nil
}

func (t *memTx) scan(bucket, prefix string, fn func(string, []byte) error) error {
	var keys []string
	for k := range t.m.data[bucket] {
		if strings.HasPrefix(k, prefix) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		if err := fn(k, bytes.Clone(t.m.data[bucket][k])); err != nil {
			return err
		}
	}
	return nil
}

func (t *memTx) rollback() {
	for i := len(t.log) - 1; i >= 0; i-- {
		u := t.log[i]
		if u.existed {
			t.m.data[u.bucket][u.key] = u.old
		} else {
			delete(t.m.data[u.bucket], u.key)
		}
	}
}
