/**
 * The letter this product serves (docs: directive.md), recorded as the demo's directive. The
 * received copy carries no number or date; the symbol and date below are the demo's own.
 */
export interface SeedDirective {
  symbol: string;
  issuedAt: string;
  issuer: string;
  title: string;
  recipients: string[];
  points: Array<{ no: number; text: string }>;
}

export const DEMO_DIRECTIVE: SeedDirective = {
  symbol: '125-CV/HU',
  issuedAt: '2026-03-02',
  issuer: 'Thường trực Huyện ủy Châu Thành',
  title:
    'V/v tiếp tục đẩy mạnh công tác phối hợp liên tịch giữa các ban, ngành đối với Mặt trận, ' +
    'các đoàn thể chính trị các cấp',
  recipients: [
    'Ủy ban MTTQ Việt Nam huyện và các đoàn thể chính trị huyện',
    'Cấp ủy các xã, thị trấn',
  ],
  points: [
    {
      no: 1,
      text:
        'Cấp ủy các xã, thị trấn thường xuyên quan tâm tạo điều kiện cho Mặt trận, các đoàn thể ' +
        'chính trị - xã hội thực hiện tốt công tác phối hợp liên tịch với các ban, ngành trong ' +
        'thực hiện có hiệu quả các mô hình, các phong trào thi đua và cuộc vận động tại địa ' +
        'phương; đồng thời, chỉ đạo Mặt trận, các đoàn thể chính trị - xã hội rà soát, bổ sung ' +
        'lại quy chế phối hợp hoạt động, qua đó tổ chức đánh giá sơ, tổng kết thực hiện công tác ' +
        'phối hợp liên tịch giữa các ban, ngành có liên quan.',
    },
    {
      no: 2,
      text:
        'UBND huyện chỉ đạo các ban, ngành có thực hiện công tác phối hợp liên tịch với Mặt trận, ' +
        'các đoàn thể chính trị - xã hội tăng cường trách nhiệm của mình trong việc thực hiện các ' +
        'hoạt động phối hợp theo quy chế đề ra trong thời gian qua, đồng thời thường xuyên trao ' +
        'đổi thông tin hai chiều trực tiếp hoặc bằng văn bản để nắm tình hình cùng các đơn vị ' +
        'phối hợp liên tịch thực thi tốt chức năng, nhiệm vụ của mình.',
    },
    {
      no: 3,
      text:
        'Mặt trận Tổ quốc Việt Nam và các đoàn thể chính trị - xã hội các cấp cần làm rõ cơ chế, ' +
        'chế độ, trách nhiệm của từng cơ quan, tổ chức trong thực hiện các nội dung phối hợp, ' +
        'đồng thời cần lựa chọn nội dung phối hợp vừa sức, vừa tầm và thiết thực, hiệu quả theo ' +
        'từng năm, từng thời điểm, chú ý xây dựng, nhân rộng các mô hình, điển hình “Dân vận ' +
        'khéo” tại địa phương.',
    },
    {
      no: 4,
      text:
        'Giao Ban Dân vận Huyện ủy giúp Ban Thường vụ Huyện ủy theo dõi, chỉ đạo thực hiện tốt ' +
        'công văn này và định kỳ báo cáo Thường trực Huyện ủy theo dõi, chỉ đạo.',
    },
  ],
};
