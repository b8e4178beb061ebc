//go:build !js

package e2e

// pollJS is a JavaScript expression (a promise) that evaluates value every
// 20 ms until cond, an expression of v (value's result), holds, or 10 s
// have passed, and resolves with the last value: the test asserts on what
// the page shows, and the deadline only stops a hang, so no outcome depends
// on how fast the page is. It replaces "sleep, then read".
func pollJS(value, cond string) string {
	return `(async () => {
		const read = () => (` + value + `);
		const end = Date.now() + 10000;
		for (;;) {
			const v = read();
			if ((` + cond + `) || Date.now() > end) return v;
			await new Promise((r) => setTimeout(r, 20));
		}
	})()`
}
