package main

import (
	"fmt"

	"github.com/gophercloud/gophercloud/openstack/networking/v2/extensions/security/groups"
	"github.com/gophercloud/gophercloud/openstack/networking/v2/extensions/security/rules"
	"github.com/gophercloud/gophercloud/openstack/networking/v2/ports"
)

// secGroupConfig is an openstack_networking_secgroup_v2 block.
type secGroupConfig struct {
	Name, Description  string
	Stateful           *bool
	DeleteDefaultRules bool
	Tags               []string
}

// secGroupCreate is groups.CreateOpts with the stateful-security-group extension's attribute, as newer providers send it.
type secGroupCreate struct {
	groups.CreateOpts
	Stateful *bool
}

func (opts secGroupCreate) ToSecGroupCreateMap() (map[string]interface{}, error) {
	body, err := opts.CreateOpts.ToSecGroupCreateMap()
	if err == nil && opts.Stateful != nil {
		body["security_group"].(map[string]interface{})["stateful"] = *opts.Stateful
	}
	return body, err
}

// secGroupResource: a group made with delete_default_rules (its egress rules deleted after the create, as the provider does),
// read back, renamed, then destroyed; and a group a port uses, whose destroy waits out the 409 until the port goes.
func secGroupResource(f *flow) {
	address := "openstack_networking_secgroup_v2.secgroup"
	config := secGroupConfig{Name: "tf-secgroup", Description: "made by terraform", Stateful: boolPtr(true), DeleteDefaultRules: true,
		Tags: []string{"terraform", "gophercloud"}}
	id, ok := f.createSecGroup(address, config)
	if !ok {
		return
	}
	f.readSecGroup(address, id, config, 0, "after create")

	updated := config
	updated.Name = "tf-secgroup-renamed"
	updated.Description = "changed by terraform"
	updated.Tags = []string{"terraform", "updated"}
	if f.updateSecGroup(address, id, config, updated) {
		f.readSecGroup(address, id, updated, 0, "after update")
	}

	// A port of the configuration that uses the group: destroying the group waits for it (409 SecurityGroupInUse meanwhile).
	networkID, _, ok := f.networkWithSubnet("secgroup", "10.20.34.0/24")
	if ok {
		f.step("openstack_networking_port_v2.secured: create (POST /v2.0/ports with security_groups)", func() (string, error) {
			port, err := ports.Create(f.client, ports.CreateOpts{NetworkID: networkID, Name: "tf-secured", SecurityGroups: &[]string{id}}).Extract()
			if err != nil {
				return "", err
			}
			portID := port.ID
			f.created("openstack_networking_port_v2.secured", func() { f.deletePort("openstack_networking_port_v2.secured", portID) })
			if len(port.SecurityGroups) != 1 || port.SecurityGroups[0] != id {
				return "", fmt.Errorf("expected security_groups [%s], got %v", id, port.SecurityGroups)
			}
			return "security_groups " + show(port.SecurityGroups), nil
		})
	}
}

// secGroupRuleResource: a group without its default rules and the rules a configuration gives it (by CIDR, by remote group,
// ICMP, IPv6), each read back as the provider reads it; rules have no update (a change replaces them).
func secGroupRuleResource(f *flow) {
	groupID, ok := f.createSecGroup("openstack_networking_secgroup_v2.secgroup", secGroupConfig{Name: "tf-rules", DeleteDefaultRules: true})
	if !ok {
		return
	}
	for _, r := range []struct {
		name string
		opts rules.CreateOpts
	}{
		{"ssh", rules.CreateOpts{Direction: rules.DirIngress, EtherType: rules.EtherType4, Protocol: rules.ProtocolTCP, PortRangeMin: 22, PortRangeMax: 22,
			RemoteIPPrefix: "0.0.0.0/0", Description: "ssh from anywhere"}},
		{"web_range", rules.CreateOpts{Direction: rules.DirIngress, EtherType: rules.EtherType4, Protocol: rules.ProtocolTCP, PortRangeMin: 8000,
			PortRangeMax: 8080, RemoteIPPrefix: "10.0.0.0/8"}},
		{"members", rules.CreateOpts{Direction: rules.DirIngress, EtherType: rules.EtherType4, RemoteGroupID: groupID}},
		{"ping", rules.CreateOpts{Direction: rules.DirIngress, EtherType: rules.EtherType4, Protocol: rules.ProtocolICMP, PortRangeMin: 8}},
		{"ping6", rules.CreateOpts{Direction: rules.DirIngress, EtherType: rules.EtherType6, Protocol: rules.ProtocolIPv6ICMP}},
		{"egress_dns", rules.CreateOpts{Direction: rules.DirEgress, EtherType: rules.EtherType4, Protocol: rules.ProtocolUDP, PortRangeMin: 53,
			PortRangeMax: 53, RemoteIPPrefix: "192.0.2.53/32"}},
	} {
		address := "openstack_networking_secgroup_rule_v2." + r.name
		opts := r.opts
		opts.SecGroupID = groupID
		if id, ok := f.createSecGroupRule(address, opts); ok {
			f.readSecGroupRule(address, id, opts)
		}
	}
	f.step("openstack_networking_secgroup_v2.secgroup: read its rules (GET /v2.0/security-groups/{id})", func() (string, error) {
		group, err := groups.Get(f.client, groupID).Extract()
		if err != nil {
			return "", err
		}
		if len(group.Rules) != 6 {
			return "", fmt.Errorf("expected the 6 rules made, the group has %d: %s", len(group.Rules), show(group.Rules))
		}
		return "6 rules", nil
	})
}

// createSecGroup is the provider's create: POST, then the default rules deleted when delete_default_rules is set, the tags.
func (f *flow) createSecGroup(address string, c secGroupConfig) (id string, ok bool) {
	if !f.step(address+": create (POST /v2.0/security-groups)", func() (string, error) {
		group, err := groups.Create(f.client, secGroupCreate{groups.CreateOpts{Name: c.Name, Description: c.Description}, c.Stateful}).Extract()
		if err != nil {
			return "", err
		}
		id = group.ID
		return fmt.Sprintf("id %s, %d default rules", group.ID, len(group.Rules)), nil
	}) {
		return "", false
	}
	f.created(address, func() { f.deleteSecGroup(address, id) })
	if c.DeleteDefaultRules && !f.step(address+": delete_default_rules (GET /v2.0/security-groups/{id}, DELETE /v2.0/security-group-rules/{id})",
		func() (string, error) {
			group, err := groups.Get(f.client, id).Extract()
			if err != nil {
				return "", err
			}
			for _, rule := range group.Rules {
				if err := rules.Delete(f.client, rule.ID).ExtractErr(); err != nil {
					return "", err
				}
			}
			return fmt.Sprintf("%d rules deleted", len(group.Rules)), nil
		}) {
		return id, false
	}
	return id, f.replaceTags(address, "security-groups", id, c.Tags)
}

func (f *flow) readSecGroup(address, id string, c secGroupConfig, rules int, when string) {
	f.step(fmt.Sprintf("%s: read %s (GET /v2.0/security-groups/{id})", address, when), func() (string, error) {
		result := groups.Get(f.client, id)
		group, err := result.Extract()
		if err != nil {
			return "", err
		}
		// gophercloud 0.12 has no stateful field: the provider reads it from the body as newer gophercloud does.
		d := diff{raw: bodyOf(result.Body, "security_group")}
		d.same("name", c.Name, group.Name)
		d.same("description", c.Description, group.Description)
		if c.Stateful != nil {
			d.same("stateful", *c.Stateful, d.raw["stateful"])
		}
		if c.Tags != nil {
			d.sameSet("tags", c.Tags, group.Tags)
		}
		d.expect("tenant_id", f.opts.project, group.TenantID)
		d.expect("rules", rules, len(group.Rules))
		return d.result()
	})
}

func (f *flow) updateSecGroup(address, id string, from, to secGroupConfig) bool {
	ok := f.step(address+": update (PUT /v2.0/security-groups/{id})", func() (string, error) {
		group, err := groups.Update(f.client, id, groups.UpdateOpts{Name: to.Name, Description: stringPtr(to.Description)}).Extract()
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("name %q", group.Name), nil
	})
	if !sameStrings(sorted(from.Tags), sorted(to.Tags)) {
		ok = f.replaceTags(address, "security-groups", id, to.Tags) && ok
	}
	return ok
}

// deleteSecGroup is the provider's delete: DELETE again while it answers 409 (a port still uses the group), until the GET
// answers 404. Destroyed after the ports that use it, as Terraform orders it, so the 409 never lasts.
func (f *flow) deleteSecGroup(address, id string) {
	f.step(address+": destroy (DELETE /v2.0/security-groups/{id} until GET answers 404)", func() (string, error) {
		return f.waitFor(func() (string, error) {
			if _, err := groups.Get(f.client, id).Extract(); err != nil {
				return deleted(err)
			}
			if err := groups.Delete(f.client, id).ExtractErr(); err != nil && statusOf(err) != 404 && statusOf(err) != 409 {
				return "", err
			}
			return "ACTIVE", nil
		}, []string{"ACTIVE"}, []string{"DELETED"})
	})
}

func (f *flow) createSecGroupRule(address string, opts rules.CreateOpts) (id string, ok bool) {
	if !f.step(address+": create (POST /v2.0/security-group-rules)", func() (string, error) {
		rule, err := rules.Create(f.client, opts).Extract()
		if err != nil {
			return "", err
		}
		id = rule.ID
		return "id " + rule.ID, nil
	}) {
		return "", false
	}
	f.created(address, func() {
		f.deleteAndWait(address, "security-group-rules", func() error { return rules.Delete(f.client, id).ExtractErr() }, func() (string, error) {
			if _, err := rules.Get(f.client, id).Extract(); err != nil {
				return deleted(err)
			}
			return "ACTIVE", nil
		}, []string{"ACTIVE"})
	})
	return id, true
}

// readSecGroupRule is the provider's read: every argument of the rule, as sent.
func (f *flow) readSecGroupRule(address, id string, c rules.CreateOpts) {
	f.step(address+": read (GET /v2.0/security-group-rules/{id})", func() (string, error) {
		result := rules.Get(f.client, id)
		rule, err := result.Extract()
		if err != nil {
			return "", err
		}
		d := diff{raw: bodyOf(result.Body, "security_group_rule")}
		d.same("direction", string(c.Direction), rule.Direction)
		d.same("ethertype", string(c.EtherType), rule.EtherType)
		d.same("protocol", string(c.Protocol), rule.Protocol)
		d.same("port_range_min", c.PortRangeMin, rule.PortRangeMin)
		d.same("port_range_max", c.PortRangeMax, rule.PortRangeMax)
		d.same("remote_ip_prefix", c.RemoteIPPrefix, rule.RemoteIPPrefix)
		d.same("remote_group_id", c.RemoteGroupID, rule.RemoteGroupID)
		d.same("security_group_id", c.SecGroupID, rule.SecGroupID)
		d.same("description", c.Description, rule.Description)
		d.expect("tenant_id", f.opts.project, rule.TenantID)
		return d.result()
	})
}
