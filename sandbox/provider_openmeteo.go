package sandbox

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

var meteoCities = map[string]struct {
	Name     string
	Lat, Lon float64
}{
	"berlin":   {"Berlin", 52.52, 13.41},
	"lahore":   {"Lahore", 31.55, 74.34},
	"new-york": {"New York", 40.71, -74.01},
}

func openMeteoProvider(p *preq) bool {
	if !p.route("GET", "v1", "forecast") {
		return false
	}
	q := p.r.URL.Query()
	key := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(q.Get("city")), " ", "-"))
	city, ok := meteoCities[key]
	if !ok {
		return p.json(http.StatusBadRequest, map[string]any{"error": true, "reason": fmt.Sprintf("Unknown city %q; try berlin, lahore or new-york", q.Get("city"))})
	}
	days := 3
	if d := q.Get("days"); d != "" {
		n, err := strconv.Atoi(d)
		if err != nil || n < 1 || n > 7 {
			return p.json(http.StatusBadRequest, map[string]any{"error": true, "reason": "days must be a whole number from 1 to 7"})
		}
		days = n
	}
	unit := q.Get("unit")
	if unit == "" {
		unit = "celsius"
	}
	today := p.s.now().Truncate(24 * time.Hour)
	var dates []string
	var temps []float64
	for i := range days {
		d := today.AddDate(0, 0, i).Format("2006-01-02")
		h := sha256.Sum256([]byte(key + d))
		t := float64(int(binary.BigEndian.Uint16(h[:2])%300))/10 + 5 // deterministic 5.0–34.9 °C
		if unit == "fahrenheit" {
			t = float64(int((t*9/5+32)*10)) / 10
		}
		dates, temps = append(dates, d), append(temps, t)
	}
	unitSym := "°C"
	if unit == "fahrenheit" {
		unitSym = "°F"
	}
	return p.json(http.StatusOK, map[string]any{"latitude": city.Lat, "longitude": city.Lon, "timezone": "GMT",
		"daily_units": map[string]string{"time": "iso8601", "temperature_2m_max": unitSym},
		"daily":       map[string]any{"time": dates, "temperature_2m_max": temps}})
}
