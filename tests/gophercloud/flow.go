package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"sort"
	"strings"
	"time"

	"github.com/gophercloud/gophercloud"
	"github.com/gophercloud/gophercloud/openstack"
)

type options struct {
	base, identity, user, password, project, region string
	wire                                            bool
	timeout                                         time.Duration
}

// flow is one resource's run: its network client, its steps' outcome, and what it made, to destroy.
type flow struct {
	resource string
	opts     options
	provider *gophercloud.ProviderClient // authenticated: other services' clients (compute, …) come from it
	client   *gophercloud.ServiceClient  // the network client
	wire     *wire
	failures int
	made     []made // in creation order; destroyed last to first
}

type made struct {
	address string
	destroy func()
}

// authenticate does what the provider does with a provider block naming auth_url, user_name, password, tenant_id,
// user_domain_name and region (no endpoint override): a token from Keystone, then the network endpoint of the
// region from the catalog. openstack.NewClient and openstack.Authenticate are openstack.AuthenticatedClient in
// two steps, so that the transport that records each exchange is in place before the first request.
func (f *flow) authenticate() bool {
	f.wire = &wire{print: f.opts.wire}
	authURL := f.opts.base + "/" + f.opts.identity
	return f.step(fmt.Sprintf("authenticate at %s and find the network endpoint of %s in the catalog", authURL, f.opts.region), func() (string, error) {
		provider, err := openstack.NewClient(authURL)
		if err != nil {
			return "", err
		}
		provider.HTTPClient = http.Client{Transport: f.wire, Timeout: time.Minute}
		options := gophercloud.AuthOptions{
			IdentityEndpoint: authURL,
			Username:         f.opts.user,
			Password:         f.opts.password,
			TenantID:         f.opts.project,
			DomainName:       "Default",
		}
		if f.opts.identity == "v2.0" {
			options.DomainName = "" // Keystone v2 has no domains
		}
		if err := openstack.Authenticate(provider, options); err != nil {
			return "", err
		}
		client, err := openstack.NewNetworkV2(provider, gophercloud.EndpointOpts{Region: f.opts.region})
		if err != nil {
			return "", err
		}
		f.provider, f.client = provider, client
		return fmt.Sprintf("network endpoint %s, requests under %s", client.Endpoint, client.ResourceBase), nil
	})
}

// step prints "$ title" and runs action: its error is a FAIL line with the last exchange on the wire, its text
// the "ok" line. It says whether the step passed.
func (f *flow) step(title string, action func() (string, error)) bool {
	fmt.Printf("$ %s\n", title)
	detail, err := action()
	if err != nil {
		f.failures++
		fmt.Printf("FAIL %s: %s\n", title, oneLine(err.Error()))
		f.wire.report()
		return false
	}
	if detail != "" {
		fmt.Printf("ok   %s: %s\n", title, detail)
	} else {
		fmt.Printf("ok   %s\n", title)
	}
	return true
}

// created records what to destroy, as Terraform's state does, once a create has answered with an id.
func (f *flow) created(address string, destroy func()) {
	f.made = append(f.made, made{address, destroy})
}

// destroy is `terraform destroy`: everything made, dependents first.
func (f *flow) destroy() {
	for i := len(f.made) - 1; i >= 0; i-- {
		f.made[i].destroy()
	}
	f.made = nil
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// statusOf is the HTTP status of a gophercloud error, or 0.
func statusOf(err error) int {
	if coded, ok := err.(gophercloud.StatusCodeError); ok {
		return coded.GetStatusCode()
	}
	return 0
}

// waitFor mirrors the provider's resource.StateChangeConf: refresh at once and then with a growing pause until
// the state is one of target; a state in neither pending nor target ends the wait with an error when pending is
// not empty (and is waited out when it is, as the provider does). The provider waits 3 s between polls and up to
// 10 minutes; the pauses here are shorter and the deadline is -timeout.
func (f *flow) waitFor(refresh func() (string, error), pending, target []string) (string, error) {
	deadline := time.Now().Add(f.opts.timeout)
	pause := 20 * time.Millisecond
	polls := 0
	var seen []string
	for {
		polls++
		state, err := refresh()
		if err != nil {
			return "", fmt.Errorf("poll %d: %v", polls, err)
		}
		if len(seen) == 0 || seen[len(seen)-1] != state {
			seen = append(seen, state)
		}
		if contains(target, state) {
			return fmt.Sprintf("%s after %d poll(s)", strings.Join(seen, " -> "), polls), nil
		}
		if !contains(pending, state) && len(pending) > 0 {
			return "", fmt.Errorf("unexpected state %q, wanted one of %v (pending %v)", state, target, pending)
		}
		if time.Now().After(deadline) {
			return "", fmt.Errorf("still %q after %d polls in %s, wanted one of %v", state, polls, f.opts.timeout, target)
		}
		time.Sleep(pause)
		if pause < time.Second {
			pause *= 2
		}
	}
}

func contains(list []string, s string) bool {
	for _, item := range list {
		if item == s {
			return true
		}
	}
	return false
}

// settle is the rest of the provider's create once the POST has answered: wait (GET) while the state is one of
// pending until it is one of target, then set the tags if there are any. It says whether the wait ended well.
func (f *flow) settle(address, collection, id, until string, state func() (string, error), pending, target, tags []string) bool {
	if !f.step(fmt.Sprintf("%s: wait until %s (GET /v2.0/%s/{id})", address, until, collection), func() (string, error) {
		return f.waitFor(state, pending, target)
	}) {
		return false
	}
	f.replaceTags(address, collection, id, tags)
	return true
}

// deleteAndWait is the provider's delete: DELETE (a 404 is already gone), then wait while the state is one of
// pending until the GET in state answers 404.
func (f *flow) deleteAndWait(address, collection string, remove func() error, state func() (string, error), pending []string) {
	if !f.step(fmt.Sprintf("%s: destroy (DELETE /v2.0/%s/{id})", address, collection), func() (string, error) {
		if err := remove(); err != nil && statusOf(err) != http.StatusNotFound {
			return "", err
		}
		return "", nil
	}) {
		return
	}
	f.step(fmt.Sprintf("%s: wait until gone (GET /v2.0/%s/{id} answers 404)", address, collection), func() (string, error) {
		return f.waitFor(state, pending, []string{"DELETED"})
	})
}

// deleted is the refresh of a wait for a deletion: a 404 is "DELETED".
func deleted(err error) (string, error) {
	if statusOf(err) == http.StatusNotFound {
		return "DELETED", nil
	}
	return "", err
}

// diff collects the fields a read gave back unlike the configuration: each one a change in the next plan.
type diff struct {
	raw     map[string]interface{} // the resource's object in the response body, to tell "absent" from a zero value
	fields  []string
	changes []string
}

// bodyOf is the resource's object (under key) in a gophercloud result's decoded body.
func bodyOf(body interface{}, key string) map[string]interface{} {
	if m, ok := body.(map[string]interface{}); ok {
		if object, ok := m[key].(map[string]interface{}); ok {
			return object
		}
	}
	return map[string]interface{}{}
}

// same compares a configured value with what was read, as the provider's d.Set followed by a plan would.
func (d *diff) same(field string, configured, read interface{}) {
	d.fields = append(d.fields, field)
	if reflect.DeepEqual(normalise(configured), normalise(read)) {
		return
	}
	d.changes = append(d.changes, fmt.Sprintf("%s: sent %s, read back %s%s", field, show(configured), show(read), d.absent(field)))
}

// sameSet compares string sets (Terraform's TypeSet: order does not matter).
func (d *diff) sameSet(field string, configured, read []string) {
	d.same(field, sorted(configured), sorted(read))
}

// expect checks a computed field (not in the configuration) against what a Neutron user would get.
func (d *diff) expect(field string, wanted, read interface{}) {
	d.fields = append(d.fields, field)
	if reflect.DeepEqual(normalise(wanted), normalise(read)) {
		return
	}
	d.changes = append(d.changes, fmt.Sprintf("%s: expected %s, read back %s%s", field, show(wanted), show(read), d.absent(field)))
}

// absent notes a field the response did not carry at all (its key is the field's name up to a '.' or '[').
func (d *diff) absent(field string) string {
	key := field
	if cut := strings.IndexAny(field, ".["); cut > 0 {
		key = field[:cut]
	}
	if _, present := d.raw[key]; present {
		return ""
	}
	return " (absent from the response)"
}

func (d *diff) result() (string, error) {
	if len(d.changes) > 0 {
		return "", fmt.Errorf("a second plan would show a change: %s", strings.Join(d.changes, "; "))
	}
	return fmt.Sprintf("%d fields as configured (%s)", len(d.fields), strings.Join(d.fields, ", ")), nil
}

// normalise makes nil and empty slices alike, as the provider's schema does for lists and sets.
func normalise(v interface{}) interface{} {
	value := reflect.ValueOf(v)
	if v == nil || (value.Kind() == reflect.Slice && value.Len() == 0) {
		return nil
	}
	return v
}

func sorted(list []string) []string {
	out := append([]string(nil), list...)
	sort.Strings(out)
	return out
}

func show(v interface{}) string {
	text, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(text)
}

func boolPtr(b bool) *bool       { return &b }
func stringPtr(s string) *string { return &s }
