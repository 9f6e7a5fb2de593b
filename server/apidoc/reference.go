package apidoc

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// Reference is the document arranged for a human-readable page: the
// operations by tag, in the document's tag order, then the schemas.
type Reference struct {
	Title, Version, Description string
	Groups                      []Group
	Schemas                     []Schema
	Security                    []Named
}

// Group is the operations of one tag.
type Group struct {
	Tag, Description string
	Operations       []Operation
}

// Operation is one method on one path.
type Operation struct {
	ID, Method, Path, Summary, Description string
	Security                               []string // scheme names; empty: public
	Params                                 []Param
	Body                                   *Payload
	Responses                              []Response
}

// Param is a path, query or header parameter.
type Param struct {
	Name, In, Type, Description string
	Required                    bool
}

// Payload is a request or response body: its media type, schema name
// (when it refers to a component) and example, indented.
type Payload struct {
	MediaType, Schema, Example string
}

// Response is one documented status.
type Response struct {
	Status, Description string
	Body                *Payload
}

// Schema is one component schema with its properties.
type Schema struct {
	Name, Description string
	Properties        []Property
}

// Property is one property of a schema.
type Property struct {
	Name, Type, Description string
	Required                bool
}

// Named is a name with a description.
type Named struct{ Name, Description string }

// methods in the order a reader expects.
var methods = []string{"get", "put", "post", "patch", "delete"}

// BuildReference arranges the embedded document for a page.
func BuildReference() (Reference, error) {
	var doc struct {
		Info struct {
			Title, Version, Description string
		}
		Tags []struct {
			Name, Description string
		}
		Paths      map[string]map[string]json.RawMessage
		Components struct {
			Schemas         map[string]rawSchema
			Responses       map[string]rawResponse
			SecuritySchemes map[string]struct{ Description string }
		}
	}
	if err := json.Unmarshal(document, &doc); err != nil {
		return Reference{}, fmt.Errorf("apidoc: %w", err)
	}
	ref := Reference{Title: doc.Info.Title, Version: doc.Info.Version, Description: doc.Info.Description}
	byTag := map[string]int{}
	for i, t := range doc.Tags {
		ref.Groups = append(ref.Groups, Group{Tag: t.Name, Description: t.Description})
		byTag[t.Name] = i
	}
	paths := make([]string, 0, len(doc.Paths))
	for p := range doc.Paths {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	for _, p := range paths {
		for _, m := range methods {
			raw, ok := doc.Paths[p][m]
			if !ok {
				continue
			}
			var op rawOperation
			if err := json.Unmarshal(raw, &op); err != nil {
				return Reference{}, fmt.Errorf("apidoc: %s %s: %w", m, p, err)
			}
			o := Operation{ID: op.OperationID, Method: strings.ToUpper(m), Path: p, Summary: op.Summary, Description: op.Description}
			for _, s := range op.Security {
				for name := range s {
					o.Security = append(o.Security, name)
				}
			}
			for _, prm := range op.Parameters {
				if prm.Ref != "" { // the shared Accept-Language header
					continue
				}
				o.Params = append(o.Params, Param{Name: prm.Name, In: prm.In, Type: prm.Schema.describe(), Description: prm.Description, Required: prm.Required})
			}
			if op.RequestBody != nil {
				o.Body = op.RequestBody.Content.payload()
			}
			codes := make([]string, 0, len(op.Responses))
			for c := range op.Responses {
				codes = append(codes, c)
			}
			slices.Sort(codes)
			for _, c := range codes {
				r := op.Responses[c]
				if name, ok := strings.CutPrefix(r.Ref, "#/components/responses/"); ok {
					r = doc.Components.Responses[name]
				}
				o.Responses = append(o.Responses, Response{Status: c, Description: r.Description, Body: r.Content.payload()})
			}
			tag := ""
			if len(op.Tags) > 0 {
				tag = op.Tags[0]
			}
			i, ok := byTag[tag]
			if !ok {
				i = len(ref.Groups)
				byTag[tag] = i
				ref.Groups = append(ref.Groups, Group{Tag: tag})
			}
			ref.Groups[i].Operations = append(ref.Groups[i].Operations, o)
		}
	}
	names := make([]string, 0, len(doc.Components.Schemas))
	for n := range doc.Components.Schemas {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		s := doc.Components.Schemas[n]
		sc := Schema{Name: n, Description: s.Description}
		props := make([]string, 0, len(s.Properties))
		for p := range s.Properties {
			props = append(props, p)
		}
		slices.Sort(props)
		for _, p := range props {
			ps := s.Properties[p]
			sc.Properties = append(sc.Properties, Property{Name: p, Type: ps.describe(), Description: ps.Description, Required: slices.Contains(s.Required, p)})
		}
		ref.Schemas = append(ref.Schemas, sc)
	}
	schemes := make([]string, 0, len(doc.Components.SecuritySchemes))
	for n := range doc.Components.SecuritySchemes {
		schemes = append(schemes, n)
	}
	slices.Sort(schemes)
	for _, n := range schemes {
		ref.Security = append(ref.Security, Named{n, doc.Components.SecuritySchemes[n].Description})
	}
	return ref, nil
}

type rawOperation struct {
	OperationID, Summary, Description string
	Tags                              []string
	Security                          []map[string][]string
	Parameters                        []struct {
		Ref                   string `json:"$ref"`
		Name, In, Description string
		Required              bool
		Schema                rawSchema
	}
	RequestBody *struct{ Content rawContent }
	Responses   map[string]rawResponse
}

type rawResponse struct {
	Ref         string `json:"$ref"`
	Description string
	Content     rawContent
}

type rawContent map[string]struct {
	Schema  rawSchema
	Example json.RawMessage
}

// payload takes the first media type (Loket's bodies have one).
func (c rawContent) payload() *Payload {
	for mt, m := range c {
		p := &Payload{MediaType: mt, Schema: m.Schema.describe()}
		if len(m.Example) > 0 {
			var v any
			if json.Unmarshal(m.Example, &v) == nil {
				b, _ := json.MarshalIndent(v, "", "  ")
				p.Example = string(b)
			}
		}
		return p
	}
	return nil
}

type rawSchema struct {
	Ref         string `json:"$ref"`
	Type        any
	Format      string
	Enum        []any
	Items       *rawSchema
	OneOf       []rawSchema
	Description string
	Properties  map[string]rawSchema
	Required    []string
}

// describe names a schema's type for people: "string (date)", "array of
// Slot", "Booking", "one of SlotFull, Error".
func (s rawSchema) describe() string {
	switch {
	case s.Ref != "":
		return s.Ref[strings.LastIndexByte(s.Ref, '/')+1:]
	case len(s.OneOf) > 0:
		var parts []string
		for _, o := range s.OneOf {
			parts = append(parts, o.describe())
		}
		return "one of " + strings.Join(parts, ", ")
	case s.Items != nil:
		return "array of " + s.Items.describe()
	}
	t := fmt.Sprint(s.Type)
	if s.Type == nil {
		t = "any"
	}
	if s.Format != "" {
		t += " (" + s.Format + ")"
	}
	if len(s.Enum) > 0 {
		var vs []string
		for _, e := range s.Enum {
			vs = append(vs, fmt.Sprint(e))
		}
		t += ": " + strings.Join(vs, " | ")
	}
	return t
}
