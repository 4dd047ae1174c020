package main

import (
	"fmt"

	"github.com/gophercloud/gophercloud/openstack/networking/v2/extensions/layer3/floatingips"
	"github.com/gophercloud/gophercloud/openstack/networking/v2/ports"
)

// floatingIPAssociateResource: a floating IP of the pool and two ports of a tenant network, which reaches the pool through a
// router (its gateway on the pool, an interface on the subnet: what Neutron needs, and what such a configuration has); the
// association puts the floating IP on the first port, an update moves it to the second, and its destroy takes it off.
func floatingIPAssociateResource(f *flow) {
	networkID, subnetID, routerID, _, ok := f.routedNetwork("associate", "10.20.32.0/24")
	if !ok {
		return
	}
	portConfigNamed := func(name string) portConfig {
		return portConfig{NetworkID: networkID, Name: name, AdminStateUp: boolPtr(true), FixedIPs: []ports.IP{{SubnetID: subnetID}}}
	}
	first, ok := f.createPort("openstack_networking_port_v2.first", portConfigNamed("tf-first"))
	if !ok {
		return
	}
	second, ok := f.createPort("openstack_networking_port_v2.second", portConfigNamed("tf-second"))
	if !ok {
		return
	}
	_, floatingIP, ok := f.createFloatingIP("openstack_networking_floatingip_v2.fip", floatingIPConfig{Pool: "default"})
	if !ok {
		return
	}

	address := "openstack_networking_floatingip_associate_v2.fip"
	id, ok := f.associate(address, floatingIP, first)
	if !ok {
		return
	}
	f.readAssociation(address, id, floatingIP, first, routerID, "after create")
	if f.step(address+": update port_id to the second port (PUT /v2.0/floatingips/{id})", func() (string, error) {
		return f.setPort(id, second)
	}) {
		f.readAssociation(address, id, floatingIP, second, routerID, "after update")
	}
}

// associate is the provider's create: the floating IP's id by its address, then a PUT with the port.
func (f *flow) associate(address, floatingIP, portID string) (id string, ok bool) {
	if !f.step(fmt.Sprintf("%s: find %s (GET /v2.0/floatingips?floating_ip_address=%s)", address, floatingIP, floatingIP), func() (string, error) {
		pages, err := floatingips.List(f.client, floatingips.ListOpts{FloatingIP: floatingIP}).AllPages()
		if err != nil {
			return "", err
		}
		list, err := floatingips.ExtractFloatingIPs(pages)
		if err != nil {
			return "", err
		}
		if len(list) != 1 {
			return "", fmt.Errorf("expected exactly one floating IP with address %s, the list has %d: %s", floatingIP, len(list), show(list))
		}
		id = list[0].ID
		return "id " + id, nil
	}) {
		return "", false
	}
	if !f.step(address+": create (PUT /v2.0/floatingips/{id} with port_id)", func() (string, error) {
		return f.setPort(id, portID)
	}) {
		return "", false
	}
	f.created(address, func() {
		f.step(address+": destroy (PUT /v2.0/floatingips/{id} with port_id null)", func() (string, error) {
			fip, err := floatingips.Update(f.client, id, floatingips.UpdateOpts{PortID: new(string)}).Extract()
			if err != nil {
				return "", err
			}
			if fip.PortID != "" || fip.FixedIP != "" {
				return "", fmt.Errorf("expected no port_id and no fixed_ip_address in the answer, got %q and %q", fip.PortID, fip.FixedIP)
			}
			return "status " + fip.Status, nil
		})
	})
	return id, true
}

func (f *flow) setPort(id, portID string) (string, error) {
	fip, err := floatingips.Update(f.client, id, floatingips.UpdateOpts{PortID: stringPtr(portID)}).Extract()
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("port %s, fixed_ip_address %s, status %s", fip.PortID, fip.FixedIP, fip.Status), nil
}

// readAssociation is the provider's read: floating_ip, port_id and the computed fixed_ip (the port's address); and the router
// Neutron reaches the port through.
func (f *flow) readAssociation(address, id, floatingIP, portID, routerID, when string) {
	f.step(fmt.Sprintf("%s: read %s (GET /v2.0/floatingips/{id})", address, when), func() (string, error) {
		portAddress, err := f.portAddress(portID)
		if err != nil {
			return "", err
		}
		result := floatingips.Get(f.client, id)
		fip, err := result.Extract()
		if err != nil {
			return "", err
		}
		d := diff{raw: bodyOf(result.Body, "floatingip")}
		d.same("floating_ip_address", floatingIP, fip.FloatingIP)
		d.same("port_id", portID, fip.PortID)
		d.expect("fixed_ip_address", portAddress, fip.FixedIP)
		d.expect("router_id (the router the configuration made)", routerID, fip.RouterID)
		return d.result()
	})
}
