package main

import (
	"fmt"
	"net/http"

	"github.com/gophercloud/gophercloud/openstack/networking/v2/extensions/attributestags"
	"github.com/gophercloud/gophercloud/openstack/networking/v2/extensions/dns"
	"github.com/gophercloud/gophercloud/openstack/networking/v2/extensions/external"
	"github.com/gophercloud/gophercloud/openstack/networking/v2/extensions/mtu"
	"github.com/gophercloud/gophercloud/openstack/networking/v2/extensions/portsecurity"
	"github.com/gophercloud/gophercloud/openstack/networking/v2/networks"
)

// networkConfig is an openstack_networking_network_v2 block; a nil pointer or zero value is an argument left out.
type networkConfig struct {
	Name, Description   string
	AdminStateUp        *bool
	PortSecurityEnabled *bool
	MTU                 int
	DNSDomain           string
	Tags                []string
}

// networkRead is what the provider decodes a network into (its networkExtended, as far as gophercloud 0.12 has it).
type networkRead struct {
	networks.Network
	external.NetworkExternalExt
	portsecurity.PortSecurityExt
	mtu.NetworkMTUExt
	dns.NetworkDNSExt
}

func networkResource(f *flow) {
	address := "openstack_networking_network_v2.network"
	config := networkConfig{
		Name:                "tf-network",
		Description:         "made by terraform",
		AdminStateUp:        boolPtr(true),
		PortSecurityEnabled: boolPtr(true),
		MTU:                 1450,
		DNSDomain:           "tf.example.org.",
		Tags:                []string{"terraform", "gophercloud"},
	}
	id, ok := f.createNetwork(address, config)
	if !ok {
		return
	}
	f.readNetwork(address, id, config, "after create")

	updated := config
	updated.Name = "tf-network-renamed"
	updated.Description = "changed by terraform"
	updated.PortSecurityEnabled = boolPtr(false)
	updated.MTU = 1400
	updated.DNSDomain = "renamed.example.org."
	updated.Tags = []string{"terraform", "updated"}
	if f.updateNetwork(address, id, config, updated) {
		f.readNetwork(address, id, updated, "after update")
	}
}

// createNetwork is the provider's create: POST, wait for ACTIVE, then the tags. ok says whether the network exists.
func (f *flow) createNetwork(address string, c networkConfig) (id string, ok bool) {
	created := f.step(address+": create (POST /v2.0/networks)", func() (string, error) {
		var opts networks.CreateOptsBuilder = networks.CreateOpts{
			Name:         c.Name,
			Description:  c.Description,
			AdminStateUp: c.AdminStateUp,
		}
		if c.PortSecurityEnabled != nil {
			opts = portsecurity.NetworkCreateOptsExt{CreateOptsBuilder: opts, PortSecurityEnabled: c.PortSecurityEnabled}
		}
		if c.MTU > 0 {
			opts = mtu.CreateOptsExt{CreateOptsBuilder: opts, MTU: c.MTU}
		}
		if c.DNSDomain != "" {
			opts = dns.NetworkCreateOptsExt{CreateOptsBuilder: opts, DNSDomain: c.DNSDomain}
		}
		network, err := networks.Create(f.client, opts).Extract()
		if err != nil {
			return "", err
		}
		id = network.ID
		return fmt.Sprintf("id %s, status %s", network.ID, network.Status), nil
	})
	if !created {
		return "", false
	}
	f.created(address, func() { f.deleteNetwork(address, id) })

	return id, f.settle(address, "networks", id, "ACTIVE", f.networkState(id), []string{"BUILD"}, []string{"ACTIVE", "DOWN"}, c.Tags)
}

// networkState is the provider's refresh: the status, DELETED on a 404, ACTIVE on a 409.
func (f *flow) networkState(id string) func() (string, error) {
	return func() (string, error) {
		network, err := networks.Get(f.client, id).Extract()
		if statusOf(err) == http.StatusConflict {
			return "ACTIVE", nil
		}
		if err != nil {
			return deleted(err)
		}
		return network.Status, nil
	}
}

// readNetwork is the provider's read: every field it stores, against the configuration.
func (f *flow) readNetwork(address, id string, c networkConfig, when string) {
	f.step(fmt.Sprintf("%s: read %s (GET /v2.0/networks/{id})", address, when), func() (string, error) {
		result := networks.Get(f.client, id)
		var n networkRead
		if err := result.ExtractInto(&n); err != nil {
			return "", err
		}
		d := diff{raw: bodyOf(result.Body, "network")}
		d.same("name", c.Name, n.Name)
		d.same("description", c.Description, n.Description)
		if c.AdminStateUp != nil {
			d.same("admin_state_up", *c.AdminStateUp, n.AdminStateUp)
		}
		if c.PortSecurityEnabled != nil {
			d.same("port_security_enabled", *c.PortSecurityEnabled, n.PortSecurityEnabled)
		}
		if c.MTU > 0 {
			d.same("mtu", c.MTU, n.MTU)
		}
		if c.DNSDomain != "" {
			d.same("dns_domain", c.DNSDomain, n.DNSDomain)
		}
		if c.Tags != nil {
			d.sameSet("tags", c.Tags, n.Tags)
		}
		d.expect("tenant_id", f.opts.project, n.TenantID)
		d.expect("shared", false, n.Shared)
		d.expect("router:external", false, n.External)
		d.expect("status", "ACTIVE", n.Status)
		return d.result()
	})
}

// updateNetwork is the provider's update: the tags first, then one PUT with the arguments that changed.
func (f *flow) updateNetwork(address, id string, from, to networkConfig) bool {
	ok := true
	if !sameStrings(sorted(from.Tags), sorted(to.Tags)) {
		ok = f.replaceTags(address, "networks", id, to.Tags)
	}
	return f.step(address+": update (PUT /v2.0/networks/{id})", func() (string, error) {
		var base networks.UpdateOpts
		if from.Name != to.Name {
			base.Name = stringPtr(to.Name)
		}
		if from.Description != to.Description {
			base.Description = stringPtr(to.Description)
		}
		if !sameBool(from.AdminStateUp, to.AdminStateUp) {
			base.AdminStateUp = to.AdminStateUp
		}
		var opts networks.UpdateOptsBuilder = base
		if !sameBool(from.PortSecurityEnabled, to.PortSecurityEnabled) {
			opts = portsecurity.NetworkUpdateOptsExt{UpdateOptsBuilder: opts, PortSecurityEnabled: to.PortSecurityEnabled}
		}
		if from.MTU != to.MTU {
			opts = mtu.UpdateOptsExt{UpdateOptsBuilder: opts, MTU: to.MTU}
		}
		if from.DNSDomain != to.DNSDomain {
			opts = dns.NetworkUpdateOptsExt{UpdateOptsBuilder: opts, DNSDomain: stringPtr(to.DNSDomain)}
		}
		network, err := networks.Update(f.client, id, opts).Extract()
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("name %q", network.Name), nil
	}) && ok
}

func (f *flow) deleteNetwork(address, id string) {
	f.deleteAndWait(address, "networks", func() error { return networks.Delete(f.client, id).ExtractErr() }, f.networkState(id), []string{"ACTIVE"})
}

// replaceTags is the provider's tags call, made whenever tags are set: PUT /v2.0/{collection}/{id}/tags.
func (f *flow) replaceTags(address, collection, id string, tags []string) bool {
	if len(tags) == 0 {
		return true
	}
	return f.step(fmt.Sprintf("%s: tags (PUT /v2.0/%s/{id}/tags)", address, collection), func() (string, error) {
		got, err := attributestags.ReplaceAll(f.client, collection, id, attributestags.ReplaceAllOpts{Tags: tags}).Extract()
		if err != nil {
			return "", err
		}
		if !sameStrings(sorted(tags), sorted(got)) {
			return "", fmt.Errorf("sent tags %s, the answer has %s", show(tags), show(got))
		}
		return show(got), nil
	})
}

func sameBool(a, b *bool) bool { return (a == nil && b == nil) || (a != nil && b != nil && *a == *b) }

func sameStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
