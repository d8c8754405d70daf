package main

import "example.com/dice"

func roll(d *dice.Roller) int {
	// ok: S022
	return d.rand.Intn(6)
}
