import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { Icon, type IconName } from './Icon';

/** One entry of a menu. A disabled entry stays visible and says why in `description`. */
export interface MenuItem {
  id: string;
  label: string;
  icon?: IconName;
  description?: string;
  disabled?: boolean;
  onSelect?: () => void;
}

/**
 * A button that opens a list of actions, following the WAI-ARIA menu button pattern (Radix
 * DropdownMenu): Enter, Space or arrow keys open it, arrows move between items, Escape closes it
 * and returns focus. Disabled items stay focusable so their description can be read.
 */
export function Menu({ label, icon, items }: { label: string; icon?: IconName; items: MenuItem[] }) {
  return (
    <div className="menu">
      <DropdownMenu.Root modal={false}>
        <DropdownMenu.Trigger asChild>
          <button type="button" className="button">
            {icon ? <Icon name={icon} size={16} /> : null}
            {label}
            <Icon name="chevronDown" size={14} />
          </button>
        </DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content className="menu-popup" aria-label={label} align="end" sideOffset={6} loop>
            {items.map((item) => (
              <DropdownMenu.Item
                key={item.id}
                className="menu-item"
                aria-disabled={item.disabled || undefined}
                onSelect={(event) => {
                  if (item.disabled) {
                    event.preventDefault();
                    return;
                  }
                  item.onSelect?.();
                }}
              >
                {item.icon ? <Icon name={item.icon} size={16} /> : null}
                <span className="menu-item-text">
                  <span className="menu-item-label">{item.label}</span>
                  {item.description ? <span className="menu-item-description">{item.description}</span> : null}
                </span>
              </DropdownMenu.Item>
            ))}
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>
    </div>
  );
}
