"""The pages people read: entity, section, class and question pages, the timeline, network and profile
views, rendered by one set of templates for both the server and the static site (`cybergraph site`)."""
