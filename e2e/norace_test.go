//go:build !race

package e2e

// raceEnabled is set when the tests run under the race detector.
const raceEnabled = false
