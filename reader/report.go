package reader

import (
	"fmt"
	"image/png"
	"io"

	"github.com/citizenkiosk/citizenkiosk/reader/auth"
	"github.com/citizenkiosk/citizenkiosk/reader/lds"
	"github.com/citizenkiosk/citizenkiosk/reader/mrz"
)

// Report is a Document in the shape `citizenkiosk read-id --json` prints. It holds
// the MRZ, which is personal data: print it for the person at the counter, never log it.
type Report struct {
	Protocol   string       `json:"protocol"`
	MRZ        mrz.Report   `json:"mrz"`
	DataGroups []int        `json:"dataGroups"`
	Photo      *PhotoReport `json:"photo,omitempty"`
	APDUs      int          `json:"apdus"`
	BytesRead  int          `json:"bytesRead"`
	ElapsedMs  int64        `json:"elapsedMs"`
	ReadSize   int          `json:"readSize"`
	// Expired is true when the document's expiry date has passed.
	Expired bool `json:"expired"`
	// Authenticity is the verdict of passive, active and chip authentication.
	Authenticity *auth.Verdict `json:"authenticity,omitempty"`
}

// PhotoReport describes the facial image of DG2 without its pixels.
type PhotoReport struct {
	Format string `json:"format"` // "jpeg" or "jpeg2000"
	Width  int    `json:"width"`
	Height int    `json:"height"`
}

// Report summarises d.
func (d *Document) Report() Report {
	r := Report{
		Protocol:   d.Protocol,
		MRZ:        mrz.NewReport(d.MRZ, d.MRZError),
		DataGroups: append([]int{}, d.DataGroups...),
		APDUs:      d.APDUs,
		BytesRead:  d.BytesRead,
		ElapsedMs:  d.Elapsed.Milliseconds(),
		ReadSize:   d.ReadSize,
		Expired:    d.Expired,
	}
	if d.Authenticity != nil {
		v := *d.Authenticity
		r.Authenticity = &v
	}
	if d.Photo != nil {
		r.Photo = &PhotoReport{Format: "jpeg", Width: d.Photo.Width, Height: d.Photo.Height}
		if d.Photo.Format == lds.JPEG2000 {
			r.Photo.Format = "jpeg2000"
		}
		if d.PhotoImage != nil { // the decoded size wins over the declared one
			r.Photo.Width, r.Photo.Height = d.PhotoImage.Bounds().Dx(), d.PhotoImage.Bounds().Dy()
		}
	}
	return r
}

// WriteText writes the report for a person: how the chip was read, then the MRZ.
func (r Report) WriteText(w io.Writer) error {
	photo := "none"
	if r.Photo != nil {
		photo = fmt.Sprintf("%s %d × %d", r.Photo.Format, r.Photo.Width, r.Photo.Height)
	}
	_, err := fmt.Fprintf(w, "%-16s %s\n%-16s %v\n%-16s %s\n%-16s %d APDUs, %d bytes, %d ms, read size %d\n",
		"protocol", r.Protocol, "data groups", r.DataGroups, "photo", photo,
		"read", r.APDUs, r.BytesRead, r.ElapsedMs, r.ReadSize)
	if err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	if err := r.MRZ.WriteText(w); err != nil {
		return err
	}
	if r.Expired && r.Authenticity == nil { // else the verdict says it
		if _, err := fmt.Fprintf(w, "%-16s %s\n", "expired", "yes"); err != nil {
			return fmt.Errorf("write report: %w", err)
		}
	}
	if r.Authenticity != nil {
		return r.Authenticity.WriteText(w)
	}
	return nil
}

// WritePhotoPNG writes the decoded facial image as PNG.
func (d *Document) WritePhotoPNG(w io.Writer) error {
	if d.PhotoImage == nil {
		return fmt.Errorf("write photo: the document has no decoded photo")
	}
	if err := png.Encode(w, d.PhotoImage); err != nil {
		return fmt.Errorf("write photo: %w", err)
	}
	return nil
}
