// Command citizenkiosk is the kiosk of a Danish Citizen Service Centre.
package main

import "os"

func main() { os.Exit(run(os.Args[1:])) }

func run(args []string) int { return 0 }
