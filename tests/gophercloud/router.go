package main

import (
	"fmt"
	"net"

	"github.com/gophercloud/gophercloud/openstack/networking/v2/extensions/layer3/routers"
	"github.com/gophercloud/gophercloud/openstack/networking/v2/ports"
)

// routerConfig is an openstack_networking_router_v2 block: external_network_id (by the pool's name, as configurations
// look it up with a data source), enable_snat, external_fixed_ip blocks, and the rest of its arguments.
type routerConfig struct {
	Name, Description, Pool  string
	AdminStateUp, EnableSNAT *bool
	ExternalFixedIPs         []routers.ExternalFixedIP
	AvailabilityZoneHints    []string
	Tags                     []string
}

// routerResource: a router with its gateway on the pool, read back, renamed and moved to a given address of the pool.
func routerResource(f *flow) {
	address := "openstack_networking_router_v2.router"
	config := routerConfig{
		Name: "tf-router", Description: "made by terraform", Pool: "default", AdminStateUp: boolPtr(true), EnableSNAT: boolPtr(true),
		AvailabilityZoneHints: []string{"nova"}, Tags: []string{"terraform", "gophercloud"},
	}
	id, ok := f.createRouter(address, config)
	if !ok {
		return
	}
	f.readRouter(address, id, config, "after create")

	updated := config
	updated.Name = "tf-router-renamed"
	updated.Description = "changed by terraform"
	updated.EnableSNAT = boolPtr(false)
	updated.ExternalFixedIPs = []routers.ExternalFixedIP{{IPAddress: "203.0.113.222"}}
	updated.Tags = []string{"terraform", "updated"}
	if f.updateRouter(address, id, config, updated) {
		f.readRouter(address, id, updated, "after update")
	}
}

// routerInterfaceResource: a network and subnet, a router with its gateway, an interface by subnet (the provider's subnet_id)
// and one by a port made first (its port_id), each read back as the provider reads it (from the port), then removed.
func routerInterfaceResource(f *flow) {
	networkID, subnetID, routerID, bySubnet, ok := f.routedNetwork("router_interface", "10.20.33.0/24")
	if !ok {
		return
	}
	f.readRouterInterface("openstack_networking_router_interface_v2.router_interface", bySubnet, routerID, subnetID, "10.20.33.1")

	// A second router on the same subnet, through a port of the configuration's own (the subnet's gateway is taken).
	otherID, ok := f.createRouter("openstack_networking_router_v2.other", routerConfig{Name: "tf-interfaces-other", Pool: "default"})
	if !ok {
		return
	}
	portID, ok := f.createPort("openstack_networking_port_v2.router_port", portConfig{
		NetworkID: networkID, Name: "tf-router-port", AdminStateUp: boolPtr(true),
		FixedIPs: []ports.IP{{SubnetID: subnetID, IPAddress: "10.20.33.254"}},
	})
	if !ok {
		return
	}
	byPort, ok := f.createRouterInterface("openstack_networking_router_interface_v2.by_port", otherID, routers.AddInterfaceOpts{PortID: portID})
	if ok {
		f.readRouterInterface("openstack_networking_router_interface_v2.by_port", byPort, otherID, subnetID, "10.20.33.254")
	}
}

// routedNetwork is what a configuration whose tenant network reaches the pool makes: the network and subnet, a router with
// its gateway on the pool, and the router's interface on the subnet (by subnet_id).
func (f *flow) routedNetwork(name, cidr string) (networkID, subnetID, routerID, interfacePortID string, ok bool) {
	if networkID, subnetID, ok = f.networkWithSubnet(name, cidr); !ok {
		return
	}
	if routerID, ok = f.createRouter("openstack_networking_router_v2."+name, routerConfig{Name: "tf-" + name, Pool: "default"}); !ok {
		return
	}
	interfacePortID, ok = f.createRouterInterface("openstack_networking_router_interface_v2."+name, routerID, routers.AddInterfaceOpts{SubnetID: subnetID})
	return
}

// createRouter is the provider's create: the pool's network id by name, POST with the gateway, wait for ACTIVE, the tags.
func (f *flow) createRouter(address string, c routerConfig) (id string, ok bool) {
	var poolID string
	if !f.step(fmt.Sprintf("%s: find the external network %q (GET /v2.0/networks?name=%s)", address, c.Pool, c.Pool), func() (string, error) {
		found, err := f.networkNamed(c.Pool)
		poolID = found
		if err == nil && found == "" {
			err = fmt.Errorf("No network found with name: %s", c.Pool)
		}
		return "network " + found, err
	}) {
		return "", false
	}
	if !f.step(address+": create (POST /v2.0/routers)", func() (string, error) {
		router, err := routers.Create(f.client, routers.CreateOpts{
			Name: c.Name, Description: c.Description, AdminStateUp: c.AdminStateUp, AvailabilityZoneHints: c.AvailabilityZoneHints,
			GatewayInfo: &routers.GatewayInfo{NetworkID: poolID, EnableSNAT: c.EnableSNAT, ExternalFixedIPs: c.ExternalFixedIPs},
		}).Extract()
		if err != nil {
			return "", err
		}
		id = router.ID
		return fmt.Sprintf("id %s, status %s, gateway %s", router.ID, router.Status, show(router.GatewayInfo.ExternalFixedIPs)), nil
	}) {
		return "", false
	}
	f.created(address, func() { f.deleteRouter(address, id) })

	return id, f.settle(address, "routers", id, "ACTIVE", f.routerState(id), []string{"BUILD", "PENDING_CREATE", "PENDING_UPDATE"},
		[]string{"ACTIVE"}, c.Tags)
}

func (f *flow) routerState(id string) func() (string, error) {
	return func() (string, error) {
		router, err := routers.Get(f.client, id).Extract()
		if err != nil {
			return deleted(err)
		}
		return router.Status, nil
	}
}

// readRouter is the provider's read: every stored field, and external_network_id's name for the pool.
func (f *flow) readRouter(address, id string, c routerConfig, when string) {
	f.step(fmt.Sprintf("%s: read %s (GET /v2.0/routers/{id})", address, when), func() (string, error) {
		result := routers.Get(f.client, id)
		router, err := result.Extract()
		if err != nil {
			return "", err
		}
		d := diff{raw: bodyOf(result.Body, "router")}
		d.same("name", c.Name, router.Name)
		d.same("description", c.Description, router.Description)
		if c.AdminStateUp != nil {
			d.same("admin_state_up", *c.AdminStateUp, router.AdminStateUp)
		}
		if c.EnableSNAT != nil {
			d.same("enable_snat", *c.EnableSNAT, router.GatewayInfo.EnableSNAT != nil && *router.GatewayInfo.EnableSNAT)
		}
		if c.AvailabilityZoneHints != nil {
			d.sameSet("availability_zone_hints", c.AvailabilityZoneHints, router.AvailabilityZoneHints)
		}
		if c.Tags != nil {
			d.sameSet("tags", c.Tags, router.Tags)
		}
		pool, err := f.networkName(router.GatewayInfo.NetworkID)
		if err != nil {
			return "", err
		}
		d.same("external_network_id (by the pool's name)", c.Pool, pool)
		for i, wanted := range c.ExternalFixedIPs {
			read := ""
			if i < len(router.GatewayInfo.ExternalFixedIPs) {
				read = router.GatewayInfo.ExternalFixedIPs[i].IPAddress
			}
			d.same(fmt.Sprintf("external_fixed_ip[%d].ip_address", i), wanted.IPAddress, read)
		}
		d.expect("one gateway address, an IPv4 one", true,
			len(router.GatewayInfo.ExternalFixedIPs) == 1 && net.ParseIP(router.GatewayInfo.ExternalFixedIPs[0].IPAddress).To4() != nil)
		d.expect("distributed", false, router.Distributed)
		d.expect("tenant_id", f.opts.project, router.TenantID)
		d.expect("status", "ACTIVE", router.Status)
		return d.result()
	})
}

// updateRouter is the provider's update: one PUT with what changed (the gateway whole, as the provider sends it), the tags.
func (f *flow) updateRouter(address, id string, from, to routerConfig) bool {
	ok := f.step(address+": update (PUT /v2.0/routers/{id})", func() (string, error) {
		poolID, err := f.networkNamed(to.Pool)
		if err != nil {
			return "", err
		}
		opts := routers.UpdateOpts{Name: to.Name, Description: stringPtr(to.Description), AdminStateUp: to.AdminStateUp,
			GatewayInfo: &routers.GatewayInfo{NetworkID: poolID, EnableSNAT: to.EnableSNAT, ExternalFixedIPs: to.ExternalFixedIPs}}
		router, err := routers.Update(f.client, id, opts).Extract()
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("name %q, gateway %s", router.Name, show(router.GatewayInfo.ExternalFixedIPs)), nil
	})
	if !sameStrings(sorted(from.Tags), sorted(to.Tags)) {
		ok = f.replaceTags(address, "routers", id, to.Tags) && ok
	}
	return ok
}

func (f *flow) deleteRouter(address, id string) {
	f.deleteAndWait(address, "routers", func() error { return routers.Delete(f.client, id).ExtractErr() }, f.routerState(id), []string{"ACTIVE"})
}

// createRouterInterface is the provider's create: PUT add_router_interface, then wait for the port it names to be ACTIVE or
// DOWN (the provider's id is that port's).
func (f *flow) createRouterInterface(address, routerID string, opts routers.AddInterfaceOpts) (portID string, ok bool) {
	if !f.step(address+": create (PUT /v2.0/routers/{id}/add_router_interface)", func() (string, error) {
		info, err := routers.AddInterface(f.client, routerID, opts).Extract()
		if err != nil {
			return "", err
		}
		portID = info.PortID
		return fmt.Sprintf("port %s, subnet %s", info.PortID, info.SubnetID), nil
	}) {
		return "", false
	}
	f.created(address, func() { f.removeRouterInterface(address, routerID, portID, opts) })
	return portID, f.step(address+": wait until the port is ACTIVE or DOWN (GET /v2.0/ports/{id})", func() (string, error) {
		return f.waitFor(f.portState(portID), []string{"BUILD", "PENDING_CREATE", "PENDING_UPDATE"}, []string{"ACTIVE", "DOWN"})
	})
}

// readRouterInterface is the provider's read: the port, whose device is the router.
func (f *flow) readRouterInterface(address, portID, routerID, subnetID, fixedIP string) {
	f.step(address+": read (GET /v2.0/ports/{id})", func() (string, error) {
		result := ports.Get(f.client, portID)
		port, err := result.Extract()
		if err != nil {
			return "", err
		}
		d := diff{raw: bodyOf(result.Body, "port")}
		d.same("router_id (the port's device_id)", routerID, port.DeviceID)
		d.same("port_id", portID, port.ID)
		d.same("subnet_id", subnetID, fixedIPSubnet(port.FixedIPs))
		d.expect("device_owner", "network:router_interface", port.DeviceOwner)
		d.expect("fixed_ips[0].ip_address", fixedIP, fixedIPAddress(port.FixedIPs))
		return d.result()
	})
}

// removeRouterInterface is the provider's delete: PUT remove_router_interface with what it stored (subnet_id and port_id),
// again while it answers 409, until the port answers 404.
func (f *flow) removeRouterInterface(address, routerID, portID string, added routers.AddInterfaceOpts) {
	f.step(address+": destroy (PUT /v2.0/routers/{id}/remove_router_interface until the port answers 404)", func() (string, error) {
		opts := routers.RemoveInterfaceOpts{SubnetID: added.SubnetID, PortID: portID}
		return f.waitFor(func() (string, error) {
			if _, err := ports.Get(f.client, portID).Extract(); err != nil {
				return deleted(err)
			}
			if _, err := routers.RemoveInterface(f.client, routerID, opts).Extract(); err != nil {
				if statusOf(err) == 404 {
					return "DELETED", nil
				}
				if statusOf(err) != 409 {
					return "", err
				}
			}
			return "ACTIVE", nil
		}, []string{"ACTIVE"}, []string{"DELETED"})
	})
}

func fixedIPSubnet(ips []ports.IP) string {
	if len(ips) == 0 {
		return ""
	}
	return ips[0].SubnetID
}

func fixedIPAddress(ips []ports.IP) string {
	if len(ips) == 0 {
		return ""
	}
	return ips[0].IPAddress
}
