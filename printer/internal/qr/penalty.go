package qr

// penalty scores a masked symbol by the four rules of §7.8.3.1; the mask
// with the lowest score is the one that scanners find easiest.
func (m *matrix) penalty() int {
	n := m.size
	at := func(x, y int) bool { return m.dark[y*n+x] }
	row := func(y int) func(int) bool { return func(x int) bool { return at(x, y) } }
	col := func(x int) func(int) bool { return func(y int) bool { return at(x, y) } }
	p := 0
	for i := 0; i < n; i++ {
		p += lineRuns(row(i), n) + lineFinderLike(row(i), n)
		p += lineRuns(col(i), n) + lineFinderLike(col(i), n)
	}
	dark := 0
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			if at(x, y) {
				dark++
			}
			// Rule 2: each 2×2 block of one colour costs 3.
			if x+1 < n && y+1 < n && at(x, y) == at(x+1, y) && at(x, y) == at(x, y+1) && at(x, y) == at(x+1, y+1) {
				p += 3
			}
		}
	}
	// Rule 4: 10 points for every 5 % the dark share strays from 50 %.
	p += abs(dark*20-n*n*10) / (n * n) * 10
	return p
}

// lineRuns is rule 1: a run of five or more modules of one colour costs 3,
// plus 1 for each module beyond five.
func lineRuns(at func(int) bool, n int) int {
	p, run := 0, 1
	for i := 1; i <= n; i++ {
		if i < n && at(i) == at(i-1) {
			run++
			continue
		}
		if run >= 5 {
			p += 3 + run - 5
		}
		run = 1
	}
	return p
}

// lineFinderLike is rule 3: dark-light-dark-dark-dark-light-dark with four
// light modules on either side costs 40. Beyond the edge counts as light,
// as the quiet zone is.
func lineFinderLike(at func(int) bool, n int) int {
	light := func(from, to int) bool {
		for i := max(from, 0); i < min(to, n); i++ {
			if at(i) {
				return false
			}
		}
		return true
	}
	p := 0
	for i := 0; i+7 <= n; i++ {
		if at(i) && !at(i+1) && at(i+2) && at(i+3) && at(i+4) && !at(i+5) && at(i+6) &&
			(light(i-4, i) || light(i+7, i+11)) {
			p += 40
		}
	}
	return p
}
