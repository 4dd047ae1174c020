package main

import (
	"fmt"
	"net"
	"net/http"
	"sort"
	"strings"

	"github.com/gophercloud/gophercloud"
	"github.com/gophercloud/gophercloud/openstack/compute/v2/extensions/availabilityzones"
	"github.com/gophercloud/gophercloud/openstack/compute/v2/extensions/keypairs"
	"github.com/gophercloud/gophercloud/openstack/compute/v2/extensions/tags"
	"github.com/gophercloud/gophercloud/openstack/compute/v2/flavors"
	"github.com/gophercloud/gophercloud/openstack/compute/v2/servers"
	"github.com/gophercloud/gophercloud/openstack/imageservice/v2/images"
	"github.com/gophercloud/gophercloud/openstack/networking/v2/networks"
	"github.com/gophercloud/gophercloud/openstack/networking/v2/ports"
)

// instanceConfig is an openstack_compute_instance_v2 block as a configuration booting a server on its own network
// writes it: image and flavor by name, a keypair, a zone, security groups, metadata and network { uuid } blocks.
type instanceConfig struct {
	Name, ImageName, FlavorName, KeyPair, AvailabilityZone string
	SecurityGroups                                         []string
	Metadata                                               map[string]string
	Networks                                               []string // the uuid of each network block, in order
}

// instanceState is what the create resolved and stored: image_id and flavor_id from the names.
type instanceState struct {
	ImageID, FlavorID string
}

// instanceClients are the clients the provider makes for the resource: compute, and image (on every create and read).
type instanceClients struct {
	compute, image *gophercloud.ServiceClient
}

// serverRead is what the provider decodes a server into.
type serverRead struct {
	servers.Server
	availabilityzones.ServerAvailabilityZoneExt
}

// instanceNetwork is one block of the provider's network list: what the configuration gave (uuid) and what the read
// computes (the network's name, and the NIC of the server's addresses listed under that name).
type instanceNetwork struct {
	UUID, Name, FixedIPv4, FixedIPv6, MAC, Port string
}

// computeV2TagsExtensionMicroversion is the microversion the provider reads a server's tags at.
const computeV2TagsExtensionMicroversion = "2.26"

func instanceResource(f *flow) {
	compute, ok := f.computeClient()
	if !ok {
		return
	}
	image, ok := f.imageClient()
	if !ok {
		return
	}
	clients := instanceClients{compute, image}

	key := keypairConfig{Name: "tf-instance-key", PublicKey: newPublicKey("tf@gophercloud")}
	keyState, ok := f.createKeypair(compute, "openstack_compute_keypair_v2.instance", key)
	if !ok {
		return
	}
	f.readKeypair(compute, "openstack_compute_keypair_v2.instance", key, keyState)
	networkID, _, ok := f.networkWithSubnet("instance", "10.20.40.0/24")
	if !ok {
		return
	}

	address := "openstack_compute_instance_v2.instance"
	config := instanceConfig{
		Name:             "tf-instance",
		ImageName:        "cirros-0.6.2",
		FlavorName:       "m1.tiny",
		KeyPair:          key.Name,
		AvailabilityZone: "nova",
		SecurityGroups:   []string{"default"},
		Metadata:         map[string]string{"role": "web", "owner": "terraform"},
		Networks:         []string{networkID},
	}
	id, state, ok := f.createInstance(clients, address, config)
	if !ok {
		return
	}
	networks := f.readInstance(clients, address, id, config, state, "after create")
	f.instancePort(id, networkID, networks)

	updated := config
	updated.Name = "tf-instance-renamed"
	updated.Metadata = map[string]string{"role": "db", "tier": "backend"}
	if f.updateInstance(clients, address, id, config, updated) {
		f.readInstance(clients, address, id, updated, state, "after update")
	}
}

// createInstance is the provider's create: image_id from image_name (Glance), flavor_id from flavor_name (nova), each
// network block's name (Neutron), then POST /servers and a wait from BUILD to ACTIVE.
func (f *flow) createInstance(c instanceClients, address string, config instanceConfig) (id string, state instanceState, ok bool) {
	if !f.step(fmt.Sprintf("%s: image_id of image_name %q (GET {image}/v2/images?name=)", address, config.ImageName), func() (string, error) {
		found, err := imageNamed(c.image, config.ImageName)
		state.ImageID = found
		return "image " + found, err
	}) {
		return "", state, false
	}
	if !f.step(fmt.Sprintf("%s: flavor_id of flavor_name %q (GET /flavors/detail)", address, config.FlavorName), func() (string, error) {
		found, err := flavorNamed(c.compute, config.FlavorName)
		state.FlavorID = found
		return "flavor " + found, err
	}) {
		return "", state, false
	}
	if !f.step(address+": the network blocks (GET /v2.0/networks?id=&status=ACTIVE)", func() (string, error) {
		networks, err := f.instanceNetworks(config)
		names := make([]string, 0, len(networks))
		for _, n := range networks {
			names = append(names, fmt.Sprintf("%s is %q", n.UUID, n.Name))
		}
		return strings.Join(names, ", "), err
	}) {
		return "", state, false
	}

	if !f.step(address+": create (POST /servers)", func() (string, error) {
		blocks := make([]servers.Network, 0, len(config.Networks))
		for _, uuid := range config.Networks {
			blocks = append(blocks, servers.Network{UUID: uuid})
		}
		configDrive := false
		var opts servers.CreateOptsBuilder = servers.CreateOpts{
			Name:             config.Name,
			ImageRef:         state.ImageID,
			FlavorRef:        state.FlavorID,
			SecurityGroups:   config.SecurityGroups,
			AvailabilityZone: config.AvailabilityZone,
			Networks:         blocks,
			Metadata:         config.Metadata,
			ConfigDrive:      &configDrive,
			UserData:         []byte(""), // the provider passes user_data as it is: "" when the configuration has none
		}
		if config.KeyPair != "" {
			opts = keypairs.CreateOptsExt{CreateOptsBuilder: opts, KeyName: config.KeyPair}
		}
		server, err := servers.Create(c.compute, opts).Extract()
		if err != nil {
			return "", err
		}
		id = server.ID
		return fmt.Sprintf("id %s", server.ID), nil
	}) {
		return "", state, false
	}
	f.created(address, func() { f.deleteInstance(c.compute, address, id) })

	return id, state, f.step(address+": wait until ACTIVE (GET /servers/{id})", func() (string, error) {
		return f.waitFor(serverState(c.compute, id), []string{"BUILD"}, []string{"ACTIVE"})
	})
}

// serverState is the provider's ServerV2StateRefreshFunc: the status, DELETED on a 404.
func serverState(compute *gophercloud.ServiceClient, id string) func() (string, error) {
	return func() (string, error) {
		server, err := servers.Get(compute, id).Extract()
		if err != nil {
			return deleted(err)
		}
		return server.Status, nil
	}
}

// readInstance is the provider's read: the server; its network blocks (the networks by id, the addresses by network
// name); the flavor's name; the image's name (from Glance); the tags. Each stored field against the configuration.
func (f *flow) readInstance(c instanceClients, address, id string, config instanceConfig, state instanceState, when string) (read []instanceNetwork) {
	f.step(fmt.Sprintf("%s: read %s (GET /servers/{id}, /v2.0/networks?id=&status=ACTIVE, /flavors/{id}, {image}/v2/images/{id}, /servers/{id}/tags)", address, when), func() (string, error) {
		result := servers.Get(c.compute, id)
		var s serverRead
		if err := result.ExtractInto(&s); err != nil {
			return "", err
		}
		d := diff{raw: attributesIn(bodyOf(result.Body, "server"), serverAttributes)}
		d.same("name", config.Name, s.Name)

		networks, err := f.instanceNetworks(config)
		if err != nil {
			return "", err
		}
		read = flattenNetworks(networks, s.Addresses)
		d.same("network[*].uuid", config.Networks, networkUUIDs(read)) // ForceNew: a block lost replaces the server
		for i, n := range read {
			d.expect(fmt.Sprintf("network[%d].name", i), networks[i].Name, n.Name)
			d.expect(fmt.Sprintf("network[%d].fixed_ip_v4 is an IPv4 address", i), true, net.ParseIP(n.FixedIPv4).To4() != nil)
			d.expect(fmt.Sprintf("network[%d].mac is a MAC address", i), true, isMAC(n.MAC))
		}
		if len(read) > 0 {
			d.expect("access_ip_v4", read[0].FixedIPv4, accessIPv4(read, s.AccessIPv4))
		}

		d.same("all_metadata", config.Metadata, s.Metadata)
		d.sameSet("security_groups", config.SecurityGroups, securityGroupNames(s.SecurityGroups))
		d.same("key_pair", config.KeyPair, s.KeyName)
		d.same("availability_zone", config.AvailabilityZone, s.AvailabilityZone)
		d.same("power_state", "active", strings.ToLower(s.Status))

		flavorID, _ := s.Flavor["id"].(string)
		d.expect("flavor_id", state.FlavorID, flavorID)
		flavor, err := flavors.Get(c.compute, flavorID).Extract()
		if err != nil {
			return "", fmt.Errorf("GET /flavors/%s: %v", flavorID, err)
		}
		d.raw["flavor_name"] = flavor.Name
		d.same("flavor_name", config.FlavorName, flavor.Name)

		imageID, _ := s.Image["id"].(string)
		d.expect("image_id", state.ImageID, imageID)
		image, err := images.Get(c.image, imageID).Extract()
		if err != nil {
			return "", fmt.Errorf("GET {image}/v2/images/%s: %v", imageID, err)
		}
		d.raw["image_name"] = image.Name
		d.same("image_name", config.ImageName, image.Name)

		tagged, note := serverTags(c.compute, id)
		d.raw["all_tags"] = tagged
		d.same("all_tags", []string(nil), tagged)
		detail, err := d.result()
		if err == nil && note != "" {
			detail += "; " + note
		}
		return detail, err
	})
	return read
}

// instancePort is what a configuration that gives the server a floating IP reads next: the data source
// openstack_networking_port_v2 with device_id and network_id, whose port must be the server's NIC on that network.
// (The instance's own read does not list ports: its network blocks come from the server's addresses.)
func (f *flow) instancePort(serverID, networkID string, read []instanceNetwork) {
	f.step("data.openstack_networking_port_v2.instance: the server's port, its NIC of the network block (GET /v2.0/ports?device_id=&network_id=)", func() (string, error) {
		pages, err := ports.List(f.client, ports.ListOpts{DeviceID: serverID, NetworkID: networkID}).AllPages()
		if err != nil {
			return "", err
		}
		found, err := ports.ExtractPorts(pages)
		if err != nil {
			return "", err
		}
		if len(found) != 1 {
			return "", fmt.Errorf("the data source needs exactly one port, the list has %d", len(found))
		}
		port := found[0]
		d := diff{raw: firstListed(pages.GetBody(), "ports")}
		d.expect("device_id", serverID, port.DeviceID)
		d.expect("network_id", networkID, port.NetworkID)
		d.expect("device_owner", "compute:nova", port.DeviceOwner)
		d.expect("status", "ACTIVE", port.Status)
		var nic instanceNetwork
		if len(read) > 0 {
			nic = read[0]
		}
		d.expect("mac_address", nic.MAC, port.MACAddress)
		var addresses []string
		for _, ip := range port.FixedIPs {
			addresses = append(addresses, ip.IPAddress)
		}
		d.expect("fixed_ips", []string{nic.FixedIPv4}, addresses)
		detail, err := d.result()
		return "port " + port.ID + ", " + detail, err
	})
}

// updateInstance is the provider's update for what changes in place: the name (PUT /servers/{id}), then the metadata:
// DELETE each key the configuration dropped, and POST the new set (nova merges it into what is left).
func (f *flow) updateInstance(c instanceClients, address, id string, from, to instanceConfig) bool {
	ok := true
	if from.Name != to.Name {
		ok = f.step(address+": update name (PUT /servers/{id})", func() (string, error) {
			server, err := servers.Update(c.compute, id, servers.UpdateOpts{Name: to.Name}).Extract()
			if err != nil {
				return "", err
			}
			if server.Name != to.Name {
				return "", fmt.Errorf("sent name %q, the answer has %q", to.Name, server.Name)
			}
			return fmt.Sprintf("name %q", server.Name), nil
		}) && ok
	}
	if show(from.Metadata) == show(to.Metadata) {
		return ok
	}
	for _, key := range sortedKeys(from.Metadata) {
		if _, kept := to.Metadata[key]; kept {
			continue
		}
		ok = f.step(fmt.Sprintf("%s: remove metadata %q (DELETE /servers/{id}/metadata/{key})", address, key), func() (string, error) {
			err := servers.DeleteMetadatum(c.compute, id, key).ExtractErr()
			if statusOf(err) == http.StatusNotFound {
				// The provider's CheckDeleted takes a 404 here for a server that is gone and drops it from the state.
				return "", fmt.Errorf("404 for a key the server holds: the provider would drop the instance from its state (%v)", err)
			}
			return "", err
		}) && ok
	}
	return f.step(address+": update metadata (POST /servers/{id}/metadata)", func() (string, error) {
		metadata, err := servers.UpdateMetadata(c.compute, id, servers.MetadataOpts(to.Metadata)).Extract()
		if err != nil {
			return "", err
		}
		if show(metadata) != show(to.Metadata) {
			return "", fmt.Errorf("sent %s with %s removed, the answer has %s", show(to.Metadata), show(removedKeys(from.Metadata, to.Metadata)), show(metadata))
		}
		return show(metadata), nil
	}) && ok
}

// deleteInstance is the provider's delete: DELETE /servers/{id} (a 404 is already gone), then wait while ACTIVE or
// SHUTOFF until the GET answers 404 (DELETED) or the server is SOFT_DELETED.
func (f *flow) deleteInstance(compute *gophercloud.ServiceClient, address, id string) {
	if !f.step(address+": destroy (DELETE /servers/{id})", func() (string, error) {
		if err := servers.Delete(compute, id).ExtractErr(); err != nil && statusOf(err) != http.StatusNotFound {
			return "", err
		}
		return "", nil
	}) {
		return
	}
	f.step(address+": wait until gone (GET /servers/{id} answers 404)", func() (string, error) {
		return f.waitFor(serverState(compute, id), []string{"ACTIVE", "SHUTOFF"}, []string{"DELETED", "SOFT_DELETED"})
	})
}

// imageNamed is gophercloud/utils' images.IDFromName on the image client: the images Glance lists under that name,
// exactly one.
func imageNamed(client *gophercloud.ServiceClient, name string) (string, error) {
	pages, err := images.List(client, images.ListOpts{Name: name}).AllPages()
	if err != nil {
		return "", err
	}
	all, err := images.ExtractImages(pages)
	if err != nil {
		return "", err
	}
	ids := make([]string, 0, len(all))
	for _, image := range all {
		ids = append(ids, image.ID)
	}
	return exactlyOne("image", name, ids)
}

// flavorNamed is gophercloud/utils' flavors.IDFromName: every flavor in detail, those of that exact name, exactly one.
func flavorNamed(client *gophercloud.ServiceClient, name string) (string, error) {
	pages, err := flavors.ListDetail(client, nil).AllPages()
	if err != nil {
		return "", err
	}
	all, err := flavors.ExtractFlavors(pages)
	if err != nil {
		return "", err
	}
	var ids []string
	for _, flavor := range all {
		if flavor.Name == name {
			ids = append(ids, flavor.ID)
		}
	}
	return exactlyOne("flavor", name, ids)
}

func exactlyOne(kind, name string, ids []string) (string, error) {
	switch len(ids) {
	case 0:
		return "", gophercloud.ErrResourceNotFound{Name: name, ResourceType: kind}
	case 1:
		return ids[0], nil
	default:
		return "", gophercloud.ErrMultipleResourcesFound{Name: name, Count: len(ids), ResourceType: kind}
	}
}

// instanceNetworks is the provider's getAllInstanceNetworks for network blocks holding a uuid only: each network's
// name from GET /v2.0/networks?id={uuid}&status=ACTIVE, which must list exactly one.
func (f *flow) instanceNetworks(config instanceConfig) ([]instanceNetwork, error) {
	out := make([]instanceNetwork, 0, len(config.Networks))
	for _, uuid := range config.Networks {
		pages, err := networks.List(f.client, networks.ListOpts{ID: uuid, Status: "ACTIVE"}).AllPages()
		if err != nil {
			return nil, err
		}
		found, err := networks.ExtractNetworks(pages)
		if err != nil {
			return nil, err
		}
		if len(found) != 1 {
			return nil, fmt.Errorf("GET /v2.0/networks?id=%s&status=ACTIVE listed %d networks, the provider needs exactly one", uuid, len(found))
		}
		out = append(out, instanceNetwork{UUID: found[0].ID, Name: found[0].Name})
	}
	return out, nil
}

// flattenNetworks is the provider's flattenInstanceNetworks: for each network block, the first NIC of the server's
// addresses listed under the network's name (fixed addresses, grouped by MAC). A block whose name has no addresses
// is left out, which a plan shows as a network to replace the server for.
func flattenNetworks(blocks []instanceNetwork, addresses map[string]interface{}) []instanceNetwork {
	nics := map[string][]instanceNetwork{}
	for name, list := range addresses {
		entries, _ := list.([]interface{})
		for _, entry := range entries {
			a, _ := entry.(map[string]interface{})
			nic := instanceNetwork{}
			nic.MAC, _ = a["OS-EXT-IPS-MAC:mac_addr"].(string)
			if a["OS-EXT-IPS:type"] == "fixed" || a["OS-EXT-IPS:type"] == nil {
				addr, _ := a["addr"].(string)
				if version, _ := a["version"].(float64); version == 6 {
					nic.FixedIPv6 = addr
				} else {
					nic.FixedIPv4 = addr
				}
			}
			merged := false
			for i := range nics[name] {
				if nics[name][i].MAC == nic.MAC {
					merged = true
					if nic.FixedIPv4 != "" {
						nics[name][i].FixedIPv4 = nic.FixedIPv4
					}
					if nic.FixedIPv6 != "" {
						nics[name][i].FixedIPv6 = nic.FixedIPv6
					}
				}
			}
			if !merged {
				nics[name] = append(nics[name], nic)
			}
		}
	}
	var out []instanceNetwork
	for _, block := range blocks {
		if list := nics[block.Name]; len(list) > 0 {
			nic := list[0]
			nics[block.Name] = list[1:]
			out = append(out, instanceNetwork{UUID: block.UUID, Name: block.Name, FixedIPv4: nic.FixedIPv4, FixedIPv6: nic.FixedIPv6, MAC: nic.MAC})
		}
	}
	return out
}

// accessIPv4 is the provider's access_ip_v4: the first fixed IPv4 address of the network blocks, else accessIPv4.
func accessIPv4(read []instanceNetwork, server string) string {
	for _, n := range read {
		if n.FixedIPv4 != "" {
			return n.FixedIPv4
		}
	}
	return server
}

// serverTags is the provider's tags read, at microversion 2.26: an error is logged and the tags left unread, so it
// fails nothing. The note says what the service answered when it was not a list of tags.
func serverTags(compute *gophercloud.ServiceClient, id string) ([]string, string) {
	previous := compute.Microversion
	compute.Microversion = computeV2TagsExtensionMicroversion
	defer func() { compute.Microversion = previous }()
	list, err := tags.List(compute, id).Extract()
	if err != nil {
		return nil, fmt.Sprintf("GET /servers/{id}/tags at %s answered %d (the provider logs it and goes on)", computeV2TagsExtensionMicroversion, statusOf(err))
	}
	return list, ""
}

// serverAttributes names, for each attribute the read stores from the server, the key of the server's body it comes
// from, so that a change can say when that key was missing from the answer.
var serverAttributes = map[string]string{
	"name": "name", "network": "addresses", "access_ip_v4": "addresses", "all_metadata": "metadata",
	"security_groups": "security_groups", "key_pair": "key_name", "availability_zone": "OS-EXT-AZ:availability_zone",
	"power_state": "status", "flavor_id": "flavor", "image_id": "image",
}

// attributesIn is the body's values under the attributes' names (those the body has).
func attributesIn(body map[string]interface{}, attributes map[string]string) map[string]interface{} {
	out := map[string]interface{}{}
	for attribute, key := range attributes {
		if value, ok := body[key]; ok {
			out[attribute] = value
		}
	}
	return out
}

// firstListed is the first object of a list body (under key), to tell "absent" from a zero value.
func firstListed(body interface{}, key string) map[string]interface{} {
	m, _ := body.(map[string]interface{})
	list, _ := m[key].([]interface{})
	if len(list) == 0 {
		return map[string]interface{}{}
	}
	first, _ := list[0].(map[string]interface{})
	return first
}

func networkUUIDs(read []instanceNetwork) []string {
	out := make([]string, 0, len(read))
	for _, n := range read {
		out = append(out, n.UUID)
	}
	return out
}

func securityGroupNames(groups []map[string]interface{}) []string {
	out := make([]string, 0, len(groups))
	for _, group := range groups {
		name, _ := group["name"].(string)
		out = append(out, name)
	}
	return out
}

func isMAC(s string) bool {
	_, err := net.ParseMAC(s)
	return err == nil
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for key := range m {
		keys = append(keys, key)
	}
	sort.Strings(keys)
	return keys
}

func removedKeys(from, to map[string]string) []string {
	var removed []string
	for _, key := range sortedKeys(from) {
		if _, kept := to[key]; !kept {
			removed = append(removed, key)
		}
	}
	return removed
}
