package ui

import (
	"slices"
	"strconv"
	"sync"
)

// el creates an element with a class and attributes given as name, value
// pairs. Every value is an attribute (setAttribute), never markup.
func el(doc Document, tag, class string, attrs ...string) Element {
	e := doc.CreateElement(tag)
	if class != "" {
		e.SetAttr("class", class)
	}
	for i := 0; i+1 < len(attrs); i += 2 {
		e.SetAttr(attrs[i], attrs[i+1])
	}
	return e
}

// textEl creates an element holding text (textContent).
func textEl(doc Document, tag, class, text string, attrs ...string) Element {
	e := el(doc, tag, class, attrs...)
	e.SetText(text)
	return e
}

// newID returns an element id unique in doc, with the integry- prefix, for
// aria-labelledby, label for= and aria-describedby.
func newID(doc Document, kind string) string {
	return "integry-" + kind + "-" + strconv.Itoa(doc.NextID())
}

// Modal is an accessible dialog over the page: role=dialog, aria-modal and
// aria-labelledby its title; focus moves into it when mounted, Tab and
// Shift+Tab stay inside it, and focus returns to where it was when it is
// destroyed. The close button, Escape and a click on the backdrop all call
// onDismiss once.
//
// Goroutines: Mount and Destroy touch the DOM; call them with the owning
// widget's lock held. Listeners run on the event-loop goroutine.
type Modal struct {
	doc       Document
	overlay   Element
	dialog    Element
	body      Element
	heading   Element // the icon (if any) and the title
	title     Element
	prevFocus Element
	offs      []func()
	onDismiss func()
	mounted   bool
	host      Element // where Mount puts the overlay: body, or MountIn's
	madeHost  bool    // host is a container Mount created, removed by Destroy
}

// ModalContainerID is the id of the element a marketplace modal mounts in
// when the page names none: the official runtime's default container, so
// that a page's #integry-marketplace rules reach the modal
// (docs/protocol.md#surface-styling).
const ModalContainerID = "integry-marketplace"

// NewModal builds a detached modal titled title (server text, inserted as
// text) whose Body the caller fills. onDismiss runs on the event-loop
// goroutine when the person closes it.
func NewModal(doc Document, s *Strings, title string, onDismiss func()) *Modal {
	injectStyle(doc)
	m := &Modal{doc: doc, onDismiss: onDismiss}
	titleID := newID(doc, "title")
	m.overlay = el(doc, "div", "integry-root integry-overlay", "lang", s.Lang())
	m.dialog = el(doc, "div", "integry-modal", "role", "dialog", "aria-modal", "true", "aria-labelledby", titleID)
	header := el(doc, "div", "integry-modal-header")
	m.heading = el(doc, "div", "integry-modal-heading")
	m.title = textEl(doc, "h2", "integry-modal-title", title, "id", titleID)
	m.heading.Append(m.title)
	closeBtn := textEl(doc, "button", "integry-close", "×", "type", "button", "aria-label", s.T("close"))
	header.Append(m.heading, closeBtn)
	m.body = el(doc, "div", "integry-modal-body")
	m.dialog.Append(header, m.body)
	m.overlay.Append(m.dialog)

	m.offs = append(m.offs,
		closeBtn.On("click", func(Event) { m.dismiss() }),
		m.overlay.On("click", func(ev Event) {
			if t := ev.Target(); t != nil && t.Is(m.overlay) { // the backdrop itself, not the dialog
				m.dismiss()
			}
		}),
	)
	return m
}

// Body is where the modal's content goes.
func (m *Modal) Body() Element { return m.body }

// SetTitle changes the title text.
func (m *Modal) SetTitle(title string) { m.title.SetText(title) }

// SetIcon shows an image before the title, as the official modal shows the
// app's icon; src must be an http(s) URL, anything else shows none. The
// image is decorative (alt=""): the title names the dialog.
func (m *Modal) SetIcon(src string) {
	src = safeImage(src)
	if src == "" {
		return
	}
	m.heading.Clear()
	m.heading.Append(el(m.doc, "img", "integry-modal-icon", "src", src, "alt", "", "referrerpolicy", "no-referrer"), m.title)
}

// FunctionFormWrapID is the id of the element a function form's modal
// (showFunction) mounts in, as the official runtime's does, so that a
// page's #functionFormWrap rules reach it (docs/protocol.md#surface-styling).
const FunctionFormWrapID = "functionFormWrap"

// MountIn is Mount inside the element with id containerID, so that CSS the
// page scopes to that container reaches the modal. With a wrapID, the modal
// goes in a new <div id=wrapID> at the end of that element, or of <body>
// when containerID is "" or names nothing. Without one, when containerID
// names nothing, in a new <div id=containerID> at the end of <body>. Destroy
// removes a div it made. In a page node (a shadow root, which the
// document's stylesheet does not reach) the overlay gets a copy of the
// rules (docs/protocol.md#surface-container).
func (m *Modal) MountIn(containerID, wrapID string) {
	if m.mounted {
		return
	}
	var c Element
	if containerID != "" {
		c = m.doc.ElementByID(containerID)
	}
	if c != nil && PageNode(containerID) {
		s := m.doc.CreateElement("style")
		s.SetText(css)
		m.overlay.Append(s)
	}
	m.host = c
	if wrapID == "" && c == nil {
		wrapID = containerID
	}
	if wrapID != "" {
		if c == nil {
			c = m.doc.Body()
		}
		m.host = el(m.doc, "div", "", "id", wrapID)
		m.madeHost = true
		c.Append(m.host)
	}
	m.Mount()
}

// Mount adds the modal to the page and moves the focus to its first
// focusable element after the close button (or the close button).
func (m *Modal) Mount() {
	if m.mounted {
		return
	}
	m.mounted = true
	m.prevFocus = m.doc.ActiveElement()
	body := m.doc.Body()
	if m.host != nil {
		m.host.Append(m.overlay)
	} else {
		body.Append(m.overlay)
	}
	// Escape and Tab are heard on the body, not the dialog: the first focus
	// lands once the dialog is painted, and a key pressed before that must
	// still close the modal or be kept inside it.
	m.offs = append(m.offs, body.On("keydown", m.keydown))
	openModals.push(m)
	f := m.dialog.Focusables()
	switch {
	case len(f) > 1:
		f[1].Focus()
	case len(f) == 1:
		f[0].Focus()
	}
}

// Destroy removes the modal and its listeners and gives the focus back to
// the element that had it before Mount. It is safe to call twice.
func (m *Modal) Destroy() {
	for _, off := range m.offs {
		off()
	}
	m.offs = nil
	if m.mounted {
		m.mounted = false
		openModals.remove(m)
		m.overlay.Remove()
		if m.madeHost {
			m.host.Remove()
			m.madeHost = false
		}
		if m.prevFocus != nil {
			m.prevFocus.Focus()
		}
	}
}

func (m *Modal) dismiss() {
	if m.onDismiss != nil {
		m.onDismiss()
	}
}

// keydown closes on Escape and keeps Tab inside the dialog. Only the
// modal mounted last on a page does: every open modal hears the body.
func (m *Modal) keydown(ev Event) {
	if !openModals.top(m) {
		return
	}
	switch ev.Key() {
	case "Escape", "Esc":
		if ev.DefaultPrevented() { // a widget inside used it (an open list)
			return
		}
		ev.PreventDefault()
		m.dismiss()
	case "Tab":
		f := m.dialog.Focusables()
		if len(f) == 0 {
			ev.PreventDefault()
			return
		}
		first, last := f[0], f[len(f)-1]
		active := m.doc.ActiveElement()
		inside := false
		for _, x := range f {
			if active != nil && x.Is(active) {
				inside = true
				break
			}
		}
		switch {
		case ev.Shift() && (!inside || active.Is(first)):
			ev.PreventDefault()
			last.Focus()
		case !ev.Shift() && (!inside || active.Is(last)):
			ev.PreventDefault()
			first.Focus()
		}
	}
}

// openModals are the mounted modals, in the order they were mounted.
var openModals modalStack

type modalStack struct {
	mu sync.Mutex
	ms []*Modal
}

func (s *modalStack) push(m *Modal) {
	s.mu.Lock()
	s.ms = append(s.ms, m)
	s.mu.Unlock()
}

func (s *modalStack) remove(m *Modal) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if i := slices.Index(s.ms, m); i >= 0 {
		s.ms = slices.Delete(s.ms, i, i+1) // clears the freed slot: no closed modal stays reachable
	}
}

// top reports whether m is the last mounted modal of its document.
func (s *modalStack) top(m *Modal) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := len(s.ms) - 1; i >= 0; i-- {
		if s.ms[i].doc == m.doc {
			return s.ms[i] == m
		}
	}
	return false
}
