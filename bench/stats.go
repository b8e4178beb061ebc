package main

import (
	"math"
	"slices"
	"time"
)

// Sample is a set of measurements of one quantity, in the unit of its name.
type Sample []float64

// Median is the middle value (the mean of the two middle ones for an even count).
func (s Sample) Median() float64 { return s.Quantile(0.5) }

// Quantile returns the q-quantile by linear interpolation between the
// closest ranks; NaN for no data.
func (s Sample) Quantile(q float64) float64 {
	if len(s) == 0 {
		return math.NaN()
	}
	c := slices.Clone(s)
	slices.Sort(c)
	pos := q * float64(len(c)-1)
	lo := int(math.Floor(pos))
	hi := int(math.Ceil(pos))
	return c[lo] + (c[hi]-c[lo])*(pos-float64(lo))
}

// Spread is the interquartile range: how much the middle half varies.
func (s Sample) Spread() float64 { return s.Quantile(0.75) - s.Quantile(0.25) }

// Min and Max bound the sample.
func (s Sample) Min() float64 { return slices.Min(s) }

// Max is the largest value.
func (s Sample) Max() float64 { return slices.Max(s) }

// ms converts a duration to milliseconds.
func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
