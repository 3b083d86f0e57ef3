package kiosk

import (
	"image"
	"time"

	"fyne.io/fyne/v2/lang"

	"github.com/citizenkiosk/citizenkiosk/booking"
	"github.com/citizenkiosk/citizenkiosk/printer"
)

// ticketSlip is the paper ticket for a visit, in the language on screen: the number huge,
// the service, when it was issued, the wait, where to sit, what to bring, and a QR code of the number (so
// a counter can scan it). It holds no personal data. Call it on the UI goroutine: lang is
// not safe for concurrent use while the language changes.
func ticketSlip(v booking.Visit, language string, issued time.Time) printer.Slip {
	var lines []printer.Line
	add := func(text string, size printer.Size, bold bool, feed int) {
		wrapped := printer.Wrap(text, size)
		for i, w := range wrapped {
			l := printer.Line{Text: w, Align: printer.Center, Size: size, Bold: bold}
			if i == len(wrapped)-1 {
				l.Feed = feed
			}
			lines = append(lines, l)
		}
	}
	add(lang.L("Citizen Service"), printer.Double, true, 0)
	lines = append(lines, printer.Line{Rule: true})
	add(lang.L("Your number"), printer.Normal, false, 0)
	add(v.Ticket.Number, printer.Huge, true, 1)
	add(v.Service.Name(language), printer.Tall, true, 0)
	add(issued.Format("02.01.2006 15:04"), printer.Normal, false, 1)
	add(waitText(v), printer.Normal, false, 0)
	if area := areaText(v.Service, language); area != "" {
		add(area, printer.Normal, true, 1)
	}
	if bring := v.Service.ToBring(language); bring != "" {
		add(lang.L("Please bring"), printer.Normal, true, 0)
		add(bring, printer.Normal, false, 1)
	}
	lines = append(lines, printer.Line{QR: v.Ticket.Number, Align: printer.Center, Feed: 1})
	add(lang.L("Please wait until your number is called."), printer.Normal, false, 3)
	return printer.Slip{Lines: lines}
}

// previewOf is the slip as it will look on paper, in demo mode; nil otherwise.
func previewOf(demo bool, slip printer.Slip) image.Image {
	if !demo {
		return nil
	}
	return printer.Preview(slip)
}
