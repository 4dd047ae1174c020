package main

import (
	"fmt"
	"net/http"
	"sort"

	"github.com/gophercloud/gophercloud"
	"github.com/gophercloud/gophercloud/openstack/networking/v2/subnets"
)

// subnetConfig is an openstack_networking_subnet_v2 block. enable_dhcp defaults to true and is always sent;
// an empty GatewayIP is left to the service (no_gateway false), as the provider's computed gateway_ip is.
type subnetConfig struct {
	NetworkID, Name, Description, CIDR string
	IPVersion                          int
	GatewayIP                          string
	EnableDHCP                         bool
	DNSNameservers                     []string
	AllocationPools                    []subnets.AllocationPool
	Tags                               []string
}

func subnetResource(f *flow) {
	networkID, ok := f.createNetwork("openstack_networking_network_v2.network", networkConfig{Name: "tf-subnet-network", AdminStateUp: boolPtr(true)})
	if !ok {
		return
	}
	address := "openstack_networking_subnet_v2.subnet"
	config := subnetConfig{
		NetworkID:       networkID,
		Name:            "tf-subnet",
		Description:     "made by terraform",
		CIDR:            "10.20.30.0/24",
		IPVersion:       4,
		GatewayIP:       "10.20.30.1",
		EnableDHCP:      true,
		DNSNameservers:  []string{"192.0.2.53", "198.51.100.53"},
		AllocationPools: []subnets.AllocationPool{{Start: "10.20.30.100", End: "10.20.30.200"}},
		Tags:            []string{"terraform", "gophercloud"},
	}
	id, ok := f.createSubnet(address, config)
	if !ok {
		return
	}
	f.readSubnet(address, id, config, "after create")

	updated := config
	updated.Name = "tf-subnet-renamed"
	updated.Description = "changed by terraform"
	updated.GatewayIP = "10.20.30.254"
	updated.EnableDHCP = false
	updated.DNSNameservers = []string{"198.51.100.53"}
	updated.AllocationPools = []subnets.AllocationPool{{Start: "10.20.30.100", End: "10.20.30.150"}}
	updated.Tags = []string{"terraform", "updated"}
	if f.updateSubnet(address, id, config, updated) {
		f.readSubnet(address, id, updated, "after update")
	}
}

// createSubnet is the provider's create: POST, wait until the subnet can be read, then the tags.
func (f *flow) createSubnet(address string, c subnetConfig) (id string, ok bool) {
	created := f.step(address+": create (POST /v2.0/subnets)", func() (string, error) {
		opts := subnets.CreateOpts{
			NetworkID:       c.NetworkID,
			Name:            c.Name,
			Description:     c.Description,
			CIDR:            c.CIDR,
			IPVersion:       gophercloud.IPVersion(c.IPVersion),
			AllocationPools: c.AllocationPools,
			DNSNameservers:  c.DNSNameservers,
			EnableDHCP:      boolPtr(c.EnableDHCP),
		}
		if c.GatewayIP != "" {
			opts.GatewayIP = stringPtr(c.GatewayIP)
		}
		subnet, err := subnets.Create(f.client, opts).Extract()
		if err != nil {
			return "", err
		}
		id = subnet.ID
		return fmt.Sprintf("id %s, cidr %s, gateway %s", subnet.ID, subnet.CIDR, subnet.GatewayIP), nil
	})
	if !created {
		return "", false
	}
	f.created(address, func() { f.deleteSubnet(address, id) })

	// Subnets have no status: the provider's refresh calls a readable subnet ACTIVE.
	readable := func() (string, error) {
		if err := subnets.Get(f.client, id).Err; err != nil {
			return deleted(err)
		}
		return "ACTIVE", nil
	}
	return id, f.settle(address, "subnets", id, "readable", readable, nil, []string{"ACTIVE"}, c.Tags)
}

func (f *flow) readSubnet(address, id string, c subnetConfig, when string) {
	f.step(fmt.Sprintf("%s: read %s (GET /v2.0/subnets/{id})", address, when), func() (string, error) {
		result := subnets.Get(f.client, id)
		s, err := result.Extract()
		if err != nil {
			return "", err
		}
		raw := bodyOf(result.Body, "subnet")
		d := diff{raw: raw}
		d.same("network_id", c.NetworkID, s.NetworkID)
		d.same("cidr", c.CIDR, s.CIDR)
		d.same("ip_version", c.IPVersion, s.IPVersion)
		d.same("name", c.Name, s.Name)
		d.same("description", c.Description, s.Description)
		d.same("enable_dhcp", c.EnableDHCP, s.EnableDHCP)
		d.same("dns_nameservers", c.DNSNameservers, s.DNSNameservers) // a list: the order counts
		d.same("allocation_pools", poolSet(c.AllocationPools), poolSet(s.AllocationPools))
		if c.GatewayIP != "" {
			d.same("gateway_ip", c.GatewayIP, s.GatewayIP)
		}
		// no_gateway = false in the configuration: the provider reads it as gateway_ip == "".
		d.expect("gateway_ip (no_gateway false)", true, s.GatewayIP != "")
		if c.Tags != nil {
			d.sameSet("tags", c.Tags, s.Tags)
		}
		// Arguments left out that the schema does not compute: anything but empty is a change.
		d.same("service_types", []string(nil), stringList(raw["service_types"]))
		d.same("ipv6_address_mode", "", s.IPv6AddressMode)
		d.same("ipv6_ra_mode", "", s.IPv6RAMode)
		d.same("subnetpool_id", "", s.SubnetPoolID)
		d.expect("tenant_id", f.opts.project, s.TenantID)
		return d.result()
	})
}

// updateSubnet is the provider's update: one PUT with the arguments that changed, then the tags.
func (f *flow) updateSubnet(address, id string, from, to subnetConfig) bool {
	ok := f.step(address+": update (PUT /v2.0/subnets/{id})", func() (string, error) {
		var opts subnets.UpdateOpts
		if from.Name != to.Name {
			opts.Name = stringPtr(to.Name)
		}
		if from.Description != to.Description {
			opts.Description = stringPtr(to.Description)
		}
		if from.GatewayIP != to.GatewayIP {
			opts.GatewayIP = stringPtr(to.GatewayIP)
		}
		if !sameStrings(from.DNSNameservers, to.DNSNameservers) {
			nameservers := to.DNSNameservers
			opts.DNSNameservers = &nameservers
		}
		if from.EnableDHCP != to.EnableDHCP {
			opts.EnableDHCP = boolPtr(to.EnableDHCP)
		}
		if !sameStrings(poolSet(from.AllocationPools), poolSet(to.AllocationPools)) {
			opts.AllocationPools = to.AllocationPools
		}
		subnet, err := subnets.Update(f.client, id, opts).Extract()
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("name %q", subnet.Name), nil
	})
	if !sameStrings(sorted(from.Tags), sorted(to.Tags)) {
		ok = f.replaceTags(address, "subnets", id, to.Tags) && ok
	}
	return ok
}

// deleteSubnet is the provider's delete: DELETE until it is not refused with 409 (a port may still be going),
// then GET until 404.
func (f *flow) deleteSubnet(address, id string) {
	f.step(address+": destroy (DELETE /v2.0/subnets/{id}, again on 409, until GET answers 404)", func() (string, error) {
		return f.waitFor(func() (string, error) {
			if err := subnets.Delete(f.client, id).ExtractErr(); err != nil {
				if statusOf(err) == http.StatusConflict {
					return "ACTIVE", nil
				}
				return deleted(err)
			}
			if err := subnets.Get(f.client, id).Err; err != nil {
				return deleted(err)
			}
			return "ACTIVE", nil
		}, []string{"ACTIVE"}, []string{"DELETED"})
	})
}

// poolSet is allocation_pool as the provider's set holds it: "start-end", in order.
func poolSet(pools []subnets.AllocationPool) []string {
	out := make([]string, 0, len(pools))
	for _, pool := range pools {
		out = append(out, pool.Start+"-"+pool.End)
	}
	sort.Strings(out)
	return out
}

// stringList reads a JSON list of strings from a decoded body (for fields gophercloud 0.12 does not decode).
func stringList(v interface{}) []string {
	list, _ := v.([]interface{})
	out := make([]string, 0, len(list))
	for _, item := range list {
		out = append(out, fmt.Sprint(item))
	}
	return out
}
