package main

import (
	"fmt"
	"net"

	"github.com/gophercloud/gophercloud/openstack/networking/v2/extensions/dns"
	"github.com/gophercloud/gophercloud/openstack/networking/v2/extensions/layer3/floatingips"
	"github.com/gophercloud/gophercloud/openstack/networking/v2/networks"
)

// floatingIPConfig is an openstack_networking_floatingip_v2 block: the pool by name, and what else is set.
type floatingIPConfig struct {
	Pool, Description string
	Tags              []string
}

type floatingIPRead struct {
	floatingips.FloatingIP
	dns.FloatingIPDNSExt
}

func floatingIPResource(f *flow) {
	address := "openstack_networking_floatingip_v2.fip"
	config := floatingIPConfig{Pool: "default", Description: "made by terraform", Tags: []string{"terraform", "gophercloud"}}
	id, _, ok := f.createFloatingIP(address, config)
	if !ok {
		return
	}
	f.readFloatingIP(address, id, config, "after create")

	updated := config
	updated.Description = "changed by terraform"
	updated.Tags = []string{"terraform", "updated"}
	if f.updateFloatingIP(address, id, config, updated) {
		f.readFloatingIP(address, id, updated, "after update")
	}
}

// createFloatingIP is the provider's create: the pool's network id by name, POST, wait for ACTIVE or DOWN, tags.
func (f *flow) createFloatingIP(address string, c floatingIPConfig) (id, ip string, ok bool) {
	var poolID string
	if !f.step(fmt.Sprintf("%s: find the pool %q (GET /v2.0/networks?name=%s)", address, c.Pool, c.Pool), func() (string, error) {
		found, err := f.networkNamed(c.Pool)
		poolID = found
		if err == nil && found == "" {
			err = fmt.Errorf("No network found with name: %s", c.Pool)
		}
		return "network " + found, err
	}) {
		return "", "", false
	}
	if !f.step(address+": create (POST /v2.0/floatingips)", func() (string, error) {
		fip, err := floatingips.Create(f.client, floatingips.CreateOpts{FloatingNetworkID: poolID, Description: c.Description}).Extract()
		if err != nil {
			return "", err
		}
		id, ip = fip.ID, fip.FloatingIP
		return fmt.Sprintf("id %s, address %s, status %s", fip.ID, fip.FloatingIP, fip.Status), nil
	}) {
		return "", "", false
	}
	f.created(address, func() { f.deleteFloatingIP(address, id) })

	return id, ip, f.settle(address, "floatingips", id, "ACTIVE or DOWN", f.floatingIPState(id), nil, []string{"ACTIVE", "DOWN"}, c.Tags)
}

func (f *flow) floatingIPState(id string) func() (string, error) {
	return func() (string, error) {
		fip, err := floatingips.Get(f.client, id).Extract()
		if err != nil {
			return deleted(err)
		}
		return fip.Status, nil
	}
}

// readFloatingIP is the provider's read: the floating IP, then its network's name for the pool.
func (f *flow) readFloatingIP(address, id string, c floatingIPConfig, when string) {
	f.step(fmt.Sprintf("%s: read %s (GET /v2.0/floatingips/{id}, GET /v2.0/networks?id=)", address, when), func() (string, error) {
		result := floatingips.Get(f.client, id)
		var fip floatingIPRead
		if err := result.ExtractInto(&fip); err != nil {
			return "", err
		}
		d := diff{raw: bodyOf(result.Body, "floatingip")}
		d.same("description", c.Description, fip.Description)
		if c.Tags != nil {
			d.sameSet("tags", c.Tags, fip.Tags)
		}
		d.expect("floating_ip_address is an IPv4 address", true, net.ParseIP(fip.FloatingIP.FloatingIP).To4() != nil)
		d.expect("port_id", "", fip.PortID)
		d.expect("fixed_ip_address", "", fip.FixedIP)
		d.expect("dns_name", "", fip.DNSName)
		d.expect("dns_domain", "", fip.DNSDomain)
		d.expect("tenant_id", f.opts.project, fip.TenantID)
		d.expect("status", "DOWN", fip.Status)
		pool, err := f.networkName(fip.FloatingNetworkID)
		if err != nil {
			return "", err
		}
		d.same("pool (the name of floating_network_id)", c.Pool, pool)
		return d.result()
	})
}

func (f *flow) updateFloatingIP(address, id string, from, to floatingIPConfig) bool {
	ok := true
	if from.Description != to.Description {
		ok = f.step(address+": update (PUT /v2.0/floatingips/{id})", func() (string, error) {
			fip, err := floatingips.Update(f.client, id, floatingips.UpdateOpts{Description: stringPtr(to.Description)}).Extract()
			if err != nil {
				return "", err
			}
			return fmt.Sprintf("description %q", fip.Description), nil
		})
	}
	if !sameStrings(sorted(from.Tags), sorted(to.Tags)) {
		ok = f.replaceTags(address, "floatingips", id, to.Tags) && ok
	}
	return ok
}

func (f *flow) deleteFloatingIP(address, id string) {
	f.deleteAndWait(address, "floatingips", func() error { return floatingips.Delete(f.client, id).ExtractErr() },
		f.floatingIPState(id), []string{"ACTIVE", "DOWN"})
}

// networkNamed is the provider's networkingNetworkV2ID: the first network listed under that exact name.
func (f *flow) networkNamed(name string) (string, error) {
	return f.firstNetwork(networks.ListOpts{Name: name}, func(n networks.Network) bool { return n.Name == name }, func(n networks.Network) string { return n.ID })
}

// networkName is the provider's networkingNetworkV2Name: the name of the network listed with that id.
func (f *flow) networkName(id string) (string, error) {
	return f.firstNetwork(networks.ListOpts{ID: id}, func(n networks.Network) bool { return n.ID == id }, func(n networks.Network) string { return n.Name })
}

func (f *flow) firstNetwork(opts networks.ListOpts, match func(networks.Network) bool, value func(networks.Network) string) (string, error) {
	pages, err := networks.List(f.client, opts).AllPages()
	if err != nil {
		return "", err
	}
	list, err := networks.ExtractNetworks(pages)
	if err != nil {
		return "", err
	}
	for _, n := range list {
		if match(n) {
			return value(n), nil
		}
	}
	return "", nil
}
