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

// QuantileOfRuns is the median of the q-quantiles of s's consecutive runs
// of n values (a trailing run shorter than n is left out): a tail quantile
// of one run moves with one stall of the machine, the median of several
// does not. With fewer than n values it is the q-quantile of them all.
func (s Sample) QuantileOfRuns(n int, q float64) float64 {
	if n <= 0 || len(s) < n {
		return s.Quantile(q)
	}
	var qs Sample
	for i := 0; i+n <= len(s); i += n {
		qs = append(qs, s[i:i+n].Quantile(q))
	}
	return qs.Median()
}

// Spread is the interquartile range: how much the middle half varies.
func (s Sample) Spread() float64 { return s.Quantile(0.75) - s.Quantile(0.25) }

// Min and Max bound the sample.
func (s Sample) Min() float64 { return slices.Min(s) }

// Max is the largest value.
func (s Sample) Max() float64 { return slices.Max(s) }

// ms converts a duration to milliseconds.
func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
