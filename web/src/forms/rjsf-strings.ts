import { englishStringTranslator, replaceStringParameters, TranslatableString } from '@rjsf/utils';
import { type Language } from '../i18n/dictionary';

const VI: Partial<Record<TranslatableString, string>> = {
  [TranslatableString.ArrayItemTitle]: 'Mục',
  [TranslatableString.MissingItems]: 'Thiếu định nghĩa các mục',
  [TranslatableString.EmptyArray]: 'Chưa có mục nào. Bấm nút bên dưới để thêm.',
  [TranslatableString.YesLabel]: 'Có',
  [TranslatableString.NoLabel]: 'Không',
  [TranslatableString.CloseLabel]: 'Đóng',
  [TranslatableString.ErrorsLabel]: 'Lỗi',
  [TranslatableString.NewStringDefault]: 'Giá trị mới',
  [TranslatableString.AddButton]: 'Thêm',
  [TranslatableString.AddItemButton]: 'Thêm mục',
  [TranslatableString.CopyButton]: 'Sao chép',
  [TranslatableString.MoveDownButton]: 'Chuyển xuống',
  [TranslatableString.MoveUpButton]: 'Chuyển lên',
  [TranslatableString.RemoveButton]: 'Xóa',
  [TranslatableString.NowLabel]: 'Bây giờ',
  [TranslatableString.ClearLabel]: 'Xóa',
  [TranslatableString.AriaDateLabel]: 'Chọn ngày',
  [TranslatableString.PreviewLabel]: 'Xem trước',
  [TranslatableString.DecrementAriaLabel]: 'Giảm 1',
  [TranslatableString.IncrementAriaLabel]: 'Tăng 1',
  [TranslatableString.OptionalObjectAdd]: 'Thêm dữ liệu cho trường không bắt buộc',
  [TranslatableString.OptionalObjectRemove]: 'Bỏ dữ liệu của trường không bắt buộc',
  [TranslatableString.OptionalObjectEmptyMsg]: 'Chưa có dữ liệu',
  [TranslatableString.Type]: 'Kiểu',
  [TranslatableString.Value]: 'Giá trị',
  [TranslatableString.ClearButton]: 'xóa nội dung',
  [TranslatableString.OptionPrefix]: 'Lựa chọn %1',
  [TranslatableString.TitleOptionPrefix]: '%1 lựa chọn %2',
};

/** react-jsonschema-form's own labels (add, remove, move…) in the UI language. */
export function rjsfTranslator(language: Language) {
  return (key: TranslatableString, params?: string[]): string => {
    const vi = language === 'vi' ? VI[key] : undefined;
    return vi ? replaceStringParameters(vi, params) : englishStringTranslator(key, params);
  };
}
