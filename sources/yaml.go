package sources

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/nginx-lint/nginx-lint/analyzer"
	"github.com/nginx-lint/nginx-lint/analyzer/directives"
)

// A Mount says where the keys of a ConfigMap land in the container:
// `--mount NAME=DIR` puts key K of ConfigMap NAME (or NAMESPACE/NAME) at
// DIR/K.
type Mount struct {
	ConfigMap string
	Dir       string
}

// ParseMount reads NAME=DIR.
func ParseMount(s string) (Mount, error) {
	name, dir, ok := strings.Cut(s, "=")
	if !ok || name == "" || dir == "" {
		return Mount{}, fmt.Errorf("want CONFIGMAP=DIR, not %q", s)
	}
	return Mount{ConfigMap: name, Dir: dir}, nil
}

// configMap is one ConfigMap of the manifests.
type configMap struct {
	name, namespace string
	keys            []*yaml.Node // key, value, key, value…
}

// PodMount is one place a pod's container mounts a ConfigMap volume.
type PodMount struct {
	ConfigMap string
	Namespace string            // of the workload ("" when not given)
	Items     map[string]string // key → path inside the volume (nil: every key)
	MountPath string
	SubPath   string
}

// Manifests is a decoded stream of Kubernetes manifests.
type Manifests struct {
	name string
	file *analyzer.File
	// orig is the file as written when it is a template (a Helm chart's
	// manifest): file is then the text with its tags masked, which
	// parses as YAML, and lang the template language.
	orig *analyzer.File
	lang analyzer.TemplateLang
	cms  []configMap
	// Mounts are the ConfigMap mounts of every pod spec in the stream.
	Mounts []PodMount
}

// ReadManifests decodes every document of a YAML stream (and the items of
// a List) and collects its ConfigMaps and the places pod specs mount them.
// A manifest written as a template (a Helm chart's, with {{ … }} tags) is
// read with its tags masked at their places (see analyzer.MaskTemplate):
// tags alone on a line are blanked, except inside literal block scalars,
// where they are text of the nginx configuration, which is then linted as
// a template.
func ReadManifests(name string, src []byte) (*Manifests, error) {
	lang := analyzer.DetectTemplate(name, src, nil)
	if lang != analyzer.TemplateGo && lang != analyzer.TemplateJinja && lang != analyzer.TemplateERB {
		return readManifests(name, src)
	}
	masked, ok := analyzer.MaskTemplate(lang, src, nil)
	if !ok {
		return readManifests(name, src)
	}
	m, err := readManifests(name, masked)
	if err != nil {
		return nil, err
	}
	// The lines of literal block scalars, and their indentation: tags
	// there are nginx text.
	indent := map[int]int{}
	for _, cm := range m.cms {
		for i := 0; i+1 < len(cm.keys); i += 2 {
			v := cm.keys[i+1]
			if v.Kind != yaml.ScalarNode || v.Style&yaml.LiteralStyle == 0 {
				continue
			}
			n := strings.Count(v.Value, "\n")
			first := m.file.Line(v.Line + 1)
			in := len(first) - len(bytes.TrimLeft(first, " "))
			for l := v.Line + 1; l <= v.Line+n; l++ {
				indent[l] = in
			}
		}
	}
	if len(indent) > 0 {
		again, _ := analyzer.MaskTemplate(lang, src, func(line, col int) bool {
			in, ok := indent[line]
			return ok && col > in
		})
		if m2, err := readManifests(name, again); err == nil {
			m = m2
		}
	}
	m.orig, m.lang = analyzer.NewFile(name, name, src), lang
	return m, nil
}

// readManifests is ReadManifests for a text that is plain YAML.
func readManifests(name string, src []byte) (*Manifests, error) {
	m := &Manifests{name: name, file: analyzer.NewFile(name, name, src)}
	dec := yaml.NewDecoder(bytes.NewReader(src))
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("not valid YAML: %w", err)
		}
		for _, obj := range objects(&doc) {
			if scalar(get(obj, "kind")) == "ConfigMap" {
				md := get(obj, "metadata")
				cm := configMap{name: scalar(get(md, "name")), namespace: scalar(get(md, "namespace"))}
				if data := get(obj, "data"); data != nil && data.Kind == yaml.MappingNode {
					cm.keys = data.Content
				}
				m.cms = append(m.cms, cm)
			}
			m.Mounts = append(m.Mounts, podMounts(obj)...)
		}
	}
	return m, nil
}

// ParseManifests finds the nginx configurations in Kubernetes manifests;
// see Manifests.Source.
func ParseManifests(name string, src []byte, mounts []Mount) (*Source, error) {
	m, err := ReadManifests(name, src)
	if err != nil {
		return nil, err
	}
	return m.Source(mounts, nil), nil
}

// Source returns the nginx configurations of the manifests: the values of
// ConfigMap data keys that end in ".conf" or whose text reads as nginx
// configuration. A key's virtual path is, in this order: DIR/KEY for a
// matching --mount; where a Pod, Deployment, StatefulSet, DaemonSet, Job
// or CronJob of the same stream mounts it (volumeMounts with or without
// subPath, configMap items); where a workload of another manifest of the
// run (others) mounts it; or else "configmap/[NAMESPACE/]NAME/KEY".
func (m *Manifests) Source(mounts []Mount, others []PodMount) *Source {
	s := &Source{Name: m.name, File: m.file, Kind: KindYAML, FS: NewMemFS()}
	if m.orig != nil {
		s.File = m.orig
	}
	s.FS.Hint = "no ConfigMap key of the manifests lands there; say where a ConfigMap's keys are mounted with --mount NAME=DIR, or lint the workload that mounts it together with it"
	pms := append(append([]PodMount(nil), m.Mounts...), others...)
	for _, cm := range m.cms {
		for i := 0; i+1 < len(cm.keys); i += 2 {
			k, v := cm.keys[i], cm.keys[i+1]
			if v.Kind != yaml.ScalarNode || (v.Tag != "" && v.Tag != "!!str") {
				continue
			}
			src := []byte(v.Value)
			if !strings.HasSuffix(k.Value, ".conf") && !LooksLikeNginx(src) {
				continue
			}
			p := cm.placeKey(k.Value, pms, mounts, s.FS)
			mp := scalarMapper(m.file, v, k.Column)
			c := &Config{Path: p, Src: src, Map: mp, Origin: fmt.Sprintf("ConfigMap %s, key %s", cm.name, k.Value)}
			if m.orig != nil {
				c.Src, c.Template = m.unmask(src, mp), m.lang
				mp.Target = m.orig
			}
			s.FS.Add(p, c.Src)
			s.Configs = append(s.Configs, c)
		}
	}
	return s
}

// placeKey decides the virtual path of a key: a pod's mount of the
// ConfigMap, a --mount, or configmap/NAME/KEY. A path already taken (two
// ConfigMaps mounted at the same place) falls back to the last form.
func (cm *configMap) placeKey(key string, pms []PodMount, mounts []Mount, fs *MemFS) string {
	var cands []string
	for _, m := range mounts {
		if m.ConfigMap == cm.name || (cm.namespace != "" && m.ConfigMap == cm.namespace+"/"+cm.name) {
			cands = append(cands, path.Join(m.Dir, key))
		}
	}
	for _, pm := range pms {
		if pm.ConfigMap != cm.name || (pm.Namespace != "" && cm.namespace != "" && pm.Namespace != cm.namespace) {
			continue
		}
		rel := key
		if pm.Items != nil {
			r, ok := pm.Items[key]
			if !ok {
				continue
			}
			rel = r
		}
		switch pm.SubPath {
		case "":
			cands = append(cands, path.Join(pm.MountPath, rel))
		case rel:
			cands = append(cands, path.Clean(pm.MountPath))
		}
	}
	for _, c := range cands {
		if !fs.Has(c) {
			return cleanPath(c)
		}
	}
	base := "configmap/" + cm.name + "/" + key
	if cm.namespace != "" {
		base = "configmap/" + cm.namespace + "/" + cm.name + "/" + key
	}
	p := base
	for n := 2; fs.Has(p); n++ {
		p = fmt.Sprintf("%s~%d", base, n)
	}
	return p
}

func cleanPath(p string) string { return path.Clean(p) }

// objects returns the top-level objects of a document: the document's
// mapping, or the items of a List.
func objects(doc *yaml.Node) []*yaml.Node {
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil
	}
	if strings.HasSuffix(scalar(get(root, "kind")), "List") {
		if items := get(root, "items"); items != nil && items.Kind == yaml.SequenceNode {
			return items.Content
		}
	}
	return []*yaml.Node{root}
}

// get returns the value of key in a mapping node, or nil.
func get(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

func scalar(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.ScalarNode {
		return ""
	}
	return n.Value
}

// podMounts finds every pod spec below obj (a mapping with "containers")
// and returns where its containers mount ConfigMap volumes.
func podMounts(obj *yaml.Node) []PodMount {
	ns := scalar(get(get(obj, "metadata"), "namespace"))
	var out []PodMount
	var visit func(n *yaml.Node)
	visit = func(n *yaml.Node) {
		if n == nil {
			return
		}
		if n.Kind == yaml.MappingNode {
			if cs := get(n, "containers"); cs != nil && cs.Kind == yaml.SequenceNode {
				out = append(out, specMounts(n, ns)...)
				return
			}
		}
		for _, c := range n.Content {
			visit(c)
		}
	}
	visit(obj)
	return out
}

func specMounts(spec *yaml.Node, ns string) []PodMount {
	type vol struct {
		cm    string
		items map[string]string
	}
	vols := map[string]vol{}
	if vs := get(spec, "volumes"); vs != nil {
		for _, v := range vs.Content {
			cm := get(v, "configMap")
			if cm == nil {
				continue
			}
			vv := vol{cm: scalar(get(cm, "name"))}
			if items := get(cm, "items"); items != nil && items.Kind == yaml.SequenceNode {
				vv.items = map[string]string{}
				for _, it := range items.Content {
					vv.items[scalar(get(it, "key"))] = scalar(get(it, "path"))
				}
			}
			vols[scalar(get(v, "name"))] = vv
		}
	}
	var out []PodMount
	for _, list := range []string{"initContainers", "containers"} {
		cs := get(spec, list)
		if cs == nil {
			continue
		}
		for _, c := range cs.Content {
			vms := get(c, "volumeMounts")
			if vms == nil {
				continue
			}
			for _, vm := range vms.Content {
				v, ok := vols[scalar(get(vm, "name"))]
				if !ok {
					continue
				}
				out = append(out, PodMount{ConfigMap: v.cm, Namespace: ns, Items: v.items, MountPath: scalar(get(vm, "mountPath")), SubPath: scalar(get(vm, "subPath"))})
			}
		}
	}
	return out
}

// LooksLikeNginx reports whether text is nginx configuration: it scans
// without syntax errors, has at least one directive, and at least three in
// four of its directive names (at every depth) are nginx directives (those
// of nginx and the modules in the directive table).
func LooksLikeNginx(src []byte) bool {
	u := analyzer.Scan(analyzer.NewFile("", "", src), analyzer.CtxMain, 0)
	if len(u.Errors) > 0 || len(u.Items) == 0 {
		return false
	}
	known, total := 0, 0
	var count func(ds []*analyzer.Directive)
	count = func(ds []*analyzer.Directive) {
		for _, d := range ds {
			total++
			if len(directives.Lookup(d.Name())) > 0 {
				known++
			}
			if d.Block != nil {
				count(d.Block.Items)
			}
		}
	}
	count(u.Items)
	return known*4 >= total*3
}

// unmask puts the template's tags back into a value read from the masked
// text: every byte that comes from a tag masked as text (x's) is the
// original's. A tag blanked out (alone on a line of the YAML's own
// structure) stays blank: YAML may have read some of its spaces as a line
// of the block.
func (m *Manifests) unmask(src []byte, mp *Mapper) []byte {
	out := bytes.Clone(src)
	masked, orig := m.file.Src, m.orig.Src
	for i := range out {
		if o := mp.Offset(i); o < len(orig) && masked[o] != orig[o] && masked[o] != ' ' {
			out[i] = orig[o]
		}
	}
	return out
}
