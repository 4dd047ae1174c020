package main

import (
	"crypto/rand"
	"fmt"
	"sort"

	"github.com/gophercloud/gophercloud/openstack/networking/v2/extensions/dns"
	"github.com/gophercloud/gophercloud/openstack/networking/v2/extensions/portsbinding"
	"github.com/gophercloud/gophercloud/openstack/networking/v2/extensions/portsecurity"
	"github.com/gophercloud/gophercloud/openstack/networking/v2/ports"
)

// portConfig is an openstack_networking_port_v2 block: fixed_ip blocks, allowed_address_pairs blocks, a binding
// block (vnic_type), and the rest of its arguments; nil or empty is left out.
type portConfig struct {
	NetworkID, Name, Description, MACAddress string
	AdminStateUp, PortSecurityEnabled        *bool
	FixedIPs                                 []ports.IP
	AllowedAddressPairs                      []ports.AddressPair
	VNICType                                 string
	DNSName                                  string
	Tags                                     []string
}

// portRead is the provider's portExtended, as far as gophercloud 0.12 has it.
type portRead struct {
	ports.Port
	portsecurity.PortSecurityExt
	portsbinding.PortsBindingExt
	dns.PortDNSExt
}

func portResource(f *flow) {
	networkID, subnetID, ok := f.networkWithSubnet("port", "10.20.31.0/24")
	if !ok {
		return
	}
	address := "openstack_networking_port_v2.port"
	config := portConfig{
		NetworkID:           networkID,
		Name:                "tf-port",
		Description:         "made by terraform",
		MACAddress:          randomMAC(),
		AdminStateUp:        boolPtr(true),
		PortSecurityEnabled: boolPtr(true),
		FixedIPs:            []ports.IP{{SubnetID: subnetID, IPAddress: "10.20.31.10"}},
		AllowedAddressPairs: []ports.AddressPair{{IPAddress: "10.20.31.250"}},
		VNICType:            "normal",
		DNSName:             "tf-port",
		Tags:                []string{"terraform", "gophercloud"},
	}
	id, ok := f.createPort(address, config)
	if !ok {
		return
	}
	f.readPort(address, id, config, "after create")

	updated := config
	updated.Name = "tf-port-renamed"
	updated.Description = "changed by terraform"
	updated.AdminStateUp = boolPtr(false)
	updated.FixedIPs = []ports.IP{{SubnetID: subnetID, IPAddress: "10.20.31.11"}}
	updated.AllowedAddressPairs = []ports.AddressPair{{IPAddress: "10.20.31.251"}}
	updated.DNSName = "tf-port-renamed"
	updated.Tags = []string{"terraform", "updated"}
	if f.updatePort(address, id, config, updated) {
		f.readPort(address, id, updated, "after update")
	}
}

// networkWithSubnet is the network and subnet a configuration puts a port on, made as their resources make them.
func (f *flow) networkWithSubnet(name, cidr string) (networkID, subnetID string, ok bool) {
	networkID, ok = f.createNetwork("openstack_networking_network_v2."+name, networkConfig{Name: "tf-" + name + "-network", AdminStateUp: boolPtr(true)})
	if !ok {
		return "", "", false
	}
	subnetID, ok = f.createSubnet("openstack_networking_subnet_v2."+name, subnetConfig{
		NetworkID: networkID, Name: "tf-" + name + "-subnet", CIDR: cidr, IPVersion: 4, EnableDHCP: true,
	})
	return networkID, subnetID, ok
}

// createPort is the provider's create: POST, wait for ACTIVE or DOWN (DOWN: no device holds it), then the tags.
func (f *flow) createPort(address string, c portConfig) (id string, ok bool) {
	created := f.step(address+": create (POST /v2.0/ports)", func() (string, error) {
		base := ports.CreateOpts{
			NetworkID:           c.NetworkID,
			Name:                c.Name,
			Description:         c.Description,
			MACAddress:          c.MACAddress,
			AdminStateUp:        c.AdminStateUp,
			AllowedAddressPairs: c.AllowedAddressPairs,
		}
		if len(c.FixedIPs) > 0 {
			base.FixedIPs = c.FixedIPs
		}
		var opts ports.CreateOptsBuilder = base
		if c.PortSecurityEnabled != nil {
			opts = portsecurity.PortCreateOptsExt{CreateOptsBuilder: opts, PortSecurityEnabled: c.PortSecurityEnabled}
		}
		if c.VNICType != "" {
			opts = portsbinding.CreateOptsExt{CreateOptsBuilder: opts, VNICType: c.VNICType}
		}
		if c.DNSName != "" {
			opts = dns.PortCreateOptsExt{CreateOptsBuilder: opts, DNSName: c.DNSName}
		}
		port, err := ports.Create(f.client, opts).Extract()
		if err != nil {
			return "", err
		}
		id = port.ID
		return fmt.Sprintf("id %s, status %s, fixed_ips %s", port.ID, port.Status, show(port.FixedIPs)), nil
	})
	if !created {
		return "", false
	}
	f.created(address, func() { f.deletePort(address, id) })

	return id, f.settle(address, "ports", id, "ACTIVE or DOWN", f.portState(id), nil, []string{"ACTIVE", "DOWN"}, c.Tags)
}

func (f *flow) portState(id string) func() (string, error) {
	return func() (string, error) {
		port, err := ports.Get(f.client, id).Extract()
		if err != nil {
			return deleted(err)
		}
		return port.Status, nil
	}
}

func (f *flow) readPort(address, id string, c portConfig, when string) {
	f.step(fmt.Sprintf("%s: read %s (GET /v2.0/ports/{id})", address, when), func() (string, error) {
		result := ports.Get(f.client, id)
		var p portRead
		if err := result.ExtractInto(&p); err != nil {
			return "", err
		}
		d := diff{raw: bodyOf(result.Body, "port")}
		d.same("name", c.Name, p.Name)
		d.same("description", c.Description, p.Description)
		d.same("network_id", c.NetworkID, p.NetworkID)
		if c.AdminStateUp != nil {
			d.same("admin_state_up", *c.AdminStateUp, p.AdminStateUp)
		}
		if c.MACAddress != "" {
			d.same("mac_address", c.MACAddress, p.MACAddress)
		}
		if c.PortSecurityEnabled != nil {
			d.same("port_security_enabled", *c.PortSecurityEnabled, p.PortSecurityEnabled)
		}
		if c.VNICType != "" {
			d.same("binding:vnic_type", c.VNICType, p.VNICType)
		}
		if c.DNSName != "" {
			d.same("dns_name", c.DNSName, p.DNSName)
		}
		// The provider keeps a pair's MAC only when it is not the port's own (Neutron fills that one in).
		d.same("allowed_address_pairs", pairSet(c.AllowedAddressPairs, ""), pairSet(p.AllowedAddressPairs, p.MACAddress))
		if c.Tags != nil {
			d.sameSet("tags", c.Tags, p.Tags)
		}
		// fixed_ip is not read back; all_fixed_ips is, and the addresses asked for are in it.
		if len(c.FixedIPs) > 0 {
			withAddresses := containsAddresses(c.FixedIPs)
			d.expect("fixed_ips", fixedIPSet(c.FixedIPs, withAddresses), fixedIPSet(p.FixedIPs, withAddresses))
		}
		d.expect("device_id", "", p.DeviceID)
		d.expect("device_owner", "", p.DeviceOwner)
		d.expect("tenant_id", f.opts.project, p.TenantID)
		d.expect("status", "DOWN", p.Status) // no device holds it
		return d.result()
	})
}

func (f *flow) updatePort(address, id string, from, to portConfig) bool {
	ok := f.step(address+": update (PUT /v2.0/ports/{id})", func() (string, error) {
		var base ports.UpdateOpts
		if !sameStrings(pairSet(from.AllowedAddressPairs, ""), pairSet(to.AllowedAddressPairs, "")) {
			pairs := to.AllowedAddressPairs
			base.AllowedAddressPairs = &pairs
		}
		if from.Name != to.Name {
			base.Name = stringPtr(to.Name)
		}
		if from.Description != to.Description {
			base.Description = stringPtr(to.Description)
		}
		if !sameBool(from.AdminStateUp, to.AdminStateUp) {
			base.AdminStateUp = to.AdminStateUp
		}
		if !sameStrings(fixedIPSet(from.FixedIPs, true), fixedIPSet(to.FixedIPs, true)) {
			base.FixedIPs = to.FixedIPs
		}
		var opts ports.UpdateOptsBuilder = base
		if !sameBool(from.PortSecurityEnabled, to.PortSecurityEnabled) {
			opts = portsecurity.PortUpdateOptsExt{UpdateOptsBuilder: opts, PortSecurityEnabled: to.PortSecurityEnabled}
		}
		if from.VNICType != to.VNICType {
			opts = portsbinding.UpdateOptsExt{UpdateOptsBuilder: opts, VNICType: to.VNICType}
		}
		if from.DNSName != to.DNSName {
			opts = dns.PortUpdateOptsExt{UpdateOptsBuilder: opts, DNSName: stringPtr(to.DNSName)}
		}
		port, err := ports.Update(f.client, id, opts).Extract()
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("name %q, fixed_ips %s", port.Name, show(port.FixedIPs)), nil
	})
	if !sameStrings(sorted(from.Tags), sorted(to.Tags)) {
		ok = f.replaceTags(address, "ports", id, to.Tags) && ok
	}
	return ok
}

func (f *flow) deletePort(address, id string) {
	f.deleteAndWait(address, "ports", func() error { return ports.Delete(f.client, id).ExtractErr() }, f.portState(id), []string{"ACTIVE"})
}

// portAddress is the first fixed IP of a port, as Terraform's all_fixed_ips[0].
func (f *flow) portAddress(id string) (string, error) {
	port, err := ports.Get(f.client, id).Extract()
	if err != nil {
		return "", err
	}
	if len(port.FixedIPs) == 0 {
		return "", fmt.Errorf("port %s has no fixed_ips", id)
	}
	return port.FixedIPs[0].IPAddress, nil
}

func pairSet(pairs []ports.AddressPair, portMAC string) []string {
	out := make([]string, 0, len(pairs))
	for _, pair := range pairs {
		mac := pair.MACAddress
		if mac == portMAC {
			mac = ""
		}
		out = append(out, pair.IPAddress+" "+mac)
	}
	sort.Strings(out)
	return out
}

// fixedIPSet is "subnet_id address" per fixed IP; without addresses when the configuration names only subnets.
func fixedIPSet(ips []ports.IP, withAddresses bool) []string {
	out := make([]string, 0, len(ips))
	for _, ip := range ips {
		entry := ip.SubnetID
		if withAddresses {
			entry += " " + ip.IPAddress
		}
		out = append(out, entry)
	}
	sort.Strings(out)
	return out
}

func containsAddresses(ips []ports.IP) bool {
	for _, ip := range ips {
		if ip.IPAddress != "" {
			return true
		}
	}
	return false
}

// randomMAC is a locally administered address in OpenStack's usual fa:16:3e prefix.
func randomMAC() string {
	b := make([]byte, 3)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return fmt.Sprintf("fa:16:3e:%02x:%02x:%02x", b[0], b[1], b[2])
}
